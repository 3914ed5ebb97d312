//! The arc-hybrid transition system (Kuhlmann et al. 2011) and its dynamic oracle
//! (Goldberg & Nivre 2013).
//!
//! Words are `0..n`; the artificial root is `n`, placed at the END of the buffer so that
//! root attachments are decided last, once the whole sentence has been seen. Moves are
//! numbered: `0` is SHIFT, `1 + l` is LEFT with label `l` (pop `s0`, head `b0`), and
//! `1 + L + l` is RIGHT with label `l` (pop `s0`, head `s1`).

/// No token.
pub const NONE: u32 = u32::MAX;

/// Labels and the move numbering derived from them.
#[derive(Clone, Copy, Debug)]
pub struct Moves {
    /// Number of labels.
    pub nlabels: usize,
    /// The label of root attachments.
    pub root: u8,
}

/// What a move does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Shift,
    Left(u8),
    Right(u8),
}

impl Moves {
    /// Number of moves.
    pub fn len(self) -> usize {
        1 + 2 * self.nlabels
    }

    /// Decodes a move number.
    pub fn kind(self, m: usize) -> Kind {
        if m == 0 {
            Kind::Shift
        } else if m <= self.nlabels {
            Kind::Left((m - 1) as u8)
        } else {
            Kind::Right((m - 1 - self.nlabels) as u8)
        }
    }

    /// LEFT with label `l`.
    pub fn left(self, l: u8) -> usize {
        1 + l as usize
    }

    /// RIGHT with label `l`.
    pub fn right(self, l: u8) -> usize {
        1 + self.nlabels + l as usize
    }
}

/// A parser configuration plus the child bookkeeping that features read.
#[derive(Clone, Debug, Default)]
pub struct State {
    /// Number of words; the root is token `n`.
    pub n: u32,
    /// The stack, top last.
    pub stack: Vec<u32>,
    /// Front of the buffer; the buffer is `b..=n`.
    pub b: u32,
    /// Assigned heads (`NONE` until attached), per word.
    pub heads: Vec<u32>,
    /// Assigned labels, per word.
    pub labels: Vec<u8>,
    /// Leftmost and second-leftmost children, per token (root included).
    pub lc: Vec<[u32; 2]>,
    /// Rightmost and second-rightmost children, per token.
    pub rc: Vec<[u32; 2]>,
    /// Number of left and right children, per token.
    pub nkids: Vec<[u8; 2]>,
    /// Bit sets of the labels of left and right children, per token.
    pub kid_labels: Vec<[u64; 2]>,
}

impl State {
    /// Resets to the initial configuration for `n` words, reusing the buffers.
    pub fn reset(&mut self, n: usize) {
        self.n = n as u32;
        self.stack.clear();
        self.b = 0;
        self.heads.clear();
        self.heads.resize(n, NONE);
        self.labels.clear();
        self.labels.resize(n, 0);
        self.lc.clear();
        self.lc.resize(n + 1, [NONE; 2]);
        self.rc.clear();
        self.rc.resize(n + 1, [NONE; 2]);
        self.nkids.clear();
        self.nkids.resize(n + 1, [0; 2]);
        self.kid_labels.clear();
        self.kid_labels.resize(n + 1, [0; 2]);
    }

    /// True when every word is attached.
    pub fn is_final(&self) -> bool {
        self.b == self.n && self.stack.is_empty()
    }

    /// The `k`-th stack item from the top, or `NONE`.
    pub fn s(&self, k: usize) -> u32 {
        let len = self.stack.len();
        if k < len {
            self.stack[len - 1 - k]
        } else {
            NONE
        }
    }

    /// The `k`-th buffer item (the root is the last one), or `NONE`.
    pub fn buf(&self, k: u32) -> u32 {
        let i = self.b + k;
        if i <= self.n {
            i
        } else {
            NONE
        }
    }

    /// Whether move `m` is allowed here. A LEFT onto the root must be labelled root, and
    /// nothing else may be.
    pub fn valid(&self, moves: Moves, m: usize) -> bool {
        match moves.kind(m) {
            Kind::Shift => self.b < self.n,
            Kind::Left(l) => !self.stack.is_empty() && ((self.b == self.n) == (l == moves.root)),
            Kind::Right(l) => self.stack.len() >= 2 && l != moves.root,
        }
    }

    /// Applies a valid move.
    pub fn apply(&mut self, moves: Moves, m: usize) {
        match moves.kind(m) {
            Kind::Shift => {
                self.stack.push(self.b);
                self.b += 1;
            }
            Kind::Left(l) => {
                if let Some(d) = self.stack.pop() {
                    self.attach(self.b, d, l);
                }
            }
            Kind::Right(l) => {
                if let Some(d) = self.stack.pop() {
                    if let Some(&h) = self.stack.last() {
                        self.attach(h, d, l);
                    }
                }
            }
        }
    }

    /// The only valid move, when there is just one: SHIFT onto an empty stack, or the
    /// root attachment of the last word. Such states need no scoring, and a perceptron
    /// never updates on them.
    pub fn forced(&self, moves: Moves) -> Option<usize> {
        if self.stack.is_empty() && self.b < self.n {
            Some(0)
        } else if self.b == self.n && self.stack.len() == 1 {
            Some(moves.left(moves.root))
        } else {
            None
        }
    }

    /// The best-scoring valid move, or `None` in the final state. Cheaper than testing
    /// [`State::valid`] per move: the valid moves form three ranges.
    pub fn best_valid(&self, moves: Moves, scores: &[i32]) -> Option<usize> {
        let mut best = None;
        let mut top = i32::MIN;
        let mut consider = |m: usize| {
            if scores[m] > top || best.is_none() {
                top = scores[m];
                best = Some(m);
            }
        };
        if self.b < self.n {
            consider(0);
        }
        let root = usize::from(moves.root);
        if !self.stack.is_empty() {
            if self.b == self.n {
                consider(moves.left(moves.root));
            } else {
                (0..moves.nlabels)
                    .filter(|&l| l != root)
                    .for_each(|l| consider(moves.left(l as u8)));
            }
        }
        if self.stack.len() >= 2 {
            (0..moves.nlabels)
                .filter(|&l| l != root)
                .for_each(|l| consider(moves.right(l as u8)));
        }
        best
    }

    fn attach(&mut self, h: u32, d: u32, l: u8) {
        self.heads[d as usize] = h;
        self.labels[d as usize] = l;
        let hu = h as usize;
        let side = usize::from(d > h);
        self.nkids[hu][side] = self.nkids[hu][side].saturating_add(1);
        self.kid_labels[hu][side] |= 1u64 << (l & 63);
        let ends = if side == 0 {
            &mut self.lc[hu]
        } else {
            &mut self.rc[hu]
        };
        // Outermost first: smaller index for left children, larger for right ones.
        let outer = |a: u32, b: u32| if side == 0 { a < b } else { a > b };
        if ends[0] == NONE || outer(d, ends[0]) {
            ends[1] = ends[0];
            ends[0] = d;
        } else if ends[1] == NONE || outer(d, ends[1]) {
            ends[1] = d;
        }
    }
}

/// The gold tree the oracle steers towards: heads with the root as `n`, and labels.
pub struct Gold<'a> {
    /// Gold head per word; `n` for the root's dependents.
    pub heads: &'a [u32],
    /// Gold label per word.
    pub labels: &'a [u8],
}

/// Fills `costs[m]` with the number of gold arcs move `m` makes unreachable (a wrong label
/// on an otherwise right arc counts one), or `i32::MAX` for an invalid move.
///
/// The counts are exact for projective gold trees; for others they still rank moves.
pub fn costs(state: &State, moves: Moves, gold: &Gold<'_>, costs: &mut [i32]) {
    let n = state.n;
    let b = state.b;
    let s0 = state.s(0);
    let s1 = state.s(1);
    let in_buf = |t: u32| t >= b && t <= n;
    // Gold dependents of s0 still in the buffer: lost by both LEFT and RIGHT.
    let s0_kids_in_buf = if s0 == NONE {
        0
    } else {
        (b..n).filter(|&d| gold.heads[d as usize] == s0).count() as i32
    };
    let (left, right) = if s0 == NONE {
        (i32::MAX, i32::MAX)
    } else {
        let h = gold.heads[s0 as usize];
        let left = s0_kids_in_buf + i32::from(h != b && (h == s1 || (h > b && h <= n)));
        let right = s0_kids_in_buf + i32::from(in_buf(h));
        (left, right)
    };
    let shift = if b < n {
        let h = gold.heads[b as usize];
        let kids = state
            .stack
            .iter()
            .filter(|&&d| gold.heads[d as usize] == b)
            .count() as i32;
        let far_head = state.stack.contains(&h) && h != s0;
        kids + i32::from(far_head)
    } else {
        i32::MAX
    };
    let gold_label = |head: u32| {
        (s0 != NONE && gold.heads[s0 as usize] == head).then(|| gold.labels[s0 as usize])
    };
    let left_label = gold_label(b);
    let right_label = if s1 == NONE { None } else { gold_label(s1) };
    for (m, c) in costs.iter_mut().enumerate().take(moves.len()) {
        *c = if !state.valid(moves, m) {
            i32::MAX
        } else {
            match moves.kind(m) {
                Kind::Shift => shift,
                Kind::Left(l) => left + i32::from(left_label.is_some_and(|g| g != l)),
                Kind::Right(l) => right + i32::from(right_label.is_some_and(|g| g != l)),
            }
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // "She gave him books ." with root at 5: gave<-She, gave->him, gave->books, gave->.
    const HEADS: [u32; 5] = [1, 5, 1, 1, 1];
    const LABELS: [u8; 5] = [1, 0, 2, 3, 4];
    const MOVES: Moves = Moves {
        nlabels: 5,
        root: 0,
    };

    fn zero_cost(state: &State) -> Vec<usize> {
        let mut c = vec![0; MOVES.len()];
        costs(
            state,
            MOVES,
            &Gold {
                heads: &HEADS,
                labels: &LABELS,
            },
            &mut c,
        );
        (0..MOVES.len()).filter(|&m| c[m] == 0).collect()
    }

    #[test]
    fn following_zero_cost_moves_rebuilds_the_gold_tree() {
        let mut st = State::default();
        st.reset(5);
        let mut taken = Vec::new();
        while !st.is_final() {
            let ok = zero_cost(&st);
            assert!(!ok.is_empty(), "no zero-cost move at {st:?}");
            let m = ok[0];
            taken.push(MOVES.kind(m));
            st.apply(MOVES, m);
        }
        assert_eq!(st.heads, HEADS);
        assert_eq!(st.labels, LABELS);
        use Kind::*;
        assert_eq!(
            taken,
            [
                Shift,
                Left(1),
                Shift,
                Shift,
                Right(2),
                Shift,
                Right(3),
                Shift,
                Right(4),
                Left(0)
            ]
        );
        assert_eq!(st.lc[1], [0, NONE]);
        assert_eq!(st.rc[1], [4, 3]);
        assert_eq!(st.nkids[1], [1, 3]);
    }

    #[test]
    fn forced_moves_are_the_only_valid_ones() {
        let mut st = State::default();
        st.reset(2);
        assert_eq!(st.forced(MOVES), Some(0));
        st.apply(MOVES, 0);
        assert_eq!(st.forced(MOVES), None);
        st.apply(MOVES, 0);
        st.apply(MOVES, MOVES.right(1));
        assert_eq!(st.forced(MOVES), Some(MOVES.left(MOVES.root)));
        for m in 0..MOVES.len() {
            assert_eq!(st.valid(MOVES, m), m == MOVES.left(MOVES.root));
        }
    }

    #[test]
    fn a_mistake_costs_only_the_arcs_it_loses() {
        let mut st = State::default();
        st.reset(5);
        st.apply(MOVES, 0); // SHIFT She
        let mut c = vec![0; MOVES.len()];
        let gold = Gold {
            heads: &HEADS,
            labels: &LABELS,
        };
        costs(&st, MOVES, &gold, &mut c);
        // Shifting "gave" over "She" loses She<-gave; LEFT with a wrong label costs one.
        assert_eq!(c[0], 1);
        assert_eq!(c[MOVES.left(1)], 0);
        assert_eq!(c[MOVES.left(2)], 1);
        assert_eq!(c[MOVES.right(2)], i32::MAX);
        // After the wrong SHIFT, the rest of the tree is still reachable at zero cost.
        st.apply(MOVES, 0);
        st.apply(MOVES, 0); // SHIFT him
        costs(&st, MOVES, &gold, &mut c);
        assert_eq!(c[MOVES.right(2)], 0);
        assert_eq!(c[MOVES.left(2)], 1); // loses him<-gave
    }
}
