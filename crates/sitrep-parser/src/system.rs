//! The arc-eager transition system (Nivre 2003) and its dynamic oracle (Goldberg & Nivre
//! 2012).
//!
//! Words are `0..n`; the artificial root is `n`, placed at the END of the buffer
//! (Ballesteros & Nivre 2013), so that root attachments are decided last, once the whole
//! sentence has been seen: the words still without a head when only the root is left
//! become its dependents. Moves are numbered: `0` is SHIFT, `1` is REDUCE (pop `s0`, which
//! has its head), `2 + l` is LEFT with label `l` (pop `s0`, head `b0`), and `2 + L + l` is
//! RIGHT with label `l` (`b0` gets head `s0` and is pushed). Unlike arc-hybrid, a right
//! dependent is attached as soon as it is read, so later decisions see it.

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
    Reduce,
    Left(u8),
    Right(u8),
}

impl Moves {
    /// SHIFT's move number.
    pub const SHIFT: usize = 0;
    /// REDUCE's move number.
    pub const REDUCE: usize = 1;

    /// Number of moves.
    pub fn len(self) -> usize {
        2 + 2 * self.nlabels
    }

    /// Decodes a move number.
    pub fn kind(self, m: usize) -> Kind {
        match m {
            Moves::SHIFT => Kind::Shift,
            Moves::REDUCE => Kind::Reduce,
            _ if m < 2 + self.nlabels => Kind::Left((m - 2) as u8),
            _ => Kind::Right((m - 2 - self.nlabels) as u8),
        }
    }

    /// LEFT with label `l`.
    pub fn left(self, l: u8) -> usize {
        2 + l as usize
    }

    /// RIGHT with label `l`.
    pub fn right(self, l: u8) -> usize {
        2 + self.nlabels + l as usize
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

    /// Whether `s0` exists and has no head yet.
    fn s0_headless(&self) -> bool {
        self.stack
            .last()
            .is_some_and(|&d| self.heads[d as usize] == NONE)
    }

    /// Whether move `m` is allowed here. A LEFT onto the root must be labelled root, and
    /// nothing else may be.
    pub fn valid(&self, moves: Moves, m: usize) -> bool {
        match moves.kind(m) {
            Kind::Shift => self.b < self.n,
            Kind::Reduce => !self.stack.is_empty() && !self.s0_headless(),
            Kind::Left(l) => self.s0_headless() && ((self.b == self.n) == (l == moves.root)),
            Kind::Right(l) => !self.stack.is_empty() && self.b < self.n && l != moves.root,
        }
    }

    /// Applies a valid move.
    pub fn apply(&mut self, moves: Moves, m: usize) {
        match moves.kind(m) {
            Kind::Shift => {
                self.stack.push(self.b);
                self.b += 1;
            }
            Kind::Reduce => {
                self.stack.pop();
            }
            Kind::Left(l) => {
                if let Some(d) = self.stack.pop() {
                    self.attach(self.b, d, l);
                }
            }
            Kind::Right(l) => {
                if let Some(&h) = self.stack.last() {
                    self.attach(h, self.b, l);
                    self.stack.push(self.b);
                    self.b += 1;
                }
            }
        }
    }

    /// The only valid move, when there is just one: SHIFT onto an empty stack, and every
    /// move once only the root is left (REDUCE a word with a head, else attach it to the
    /// root). Such states need no scoring, and a perceptron never updates on them.
    pub fn forced(&self, moves: Moves) -> Option<usize> {
        if self.stack.is_empty() {
            (self.b < self.n).then_some(Moves::SHIFT)
        } else if self.b == self.n {
            Some(if self.s0_headless() {
                moves.left(moves.root)
            } else {
                Moves::REDUCE
            })
        } else {
            None
        }
    }

    /// The best-scoring valid move, or `None` in the final state. Cheaper than testing
    /// [`State::valid`] per move: the valid moves form a few ranges.
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
            consider(Moves::SHIFT);
        }
        if self.stack.is_empty() {
            return best;
        }
        let root = usize::from(moves.root);
        let labels = || (0..moves.nlabels).filter(|&l| l != root).map(|l| l as u8);
        if !self.s0_headless() {
            consider(Moves::REDUCE);
        } else if self.b == self.n {
            consider(moves.left(moves.root));
        } else {
            labels().for_each(|l| consider(moves.left(l)));
        }
        if self.b < self.n {
            labels().for_each(|l| consider(moves.right(l)));
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

/// Fills `costs[m]` with the number of reachable gold arcs move `m` makes unreachable (a
/// wrong label on an otherwise right arc counts one), or `i32::MAX` for an invalid move.
///
/// Arc-eager's reachability decomposes arc by arc, so the counts are exact for projective
/// gold trees; for others they still rank moves. Buffer words never have heads.
pub fn costs(state: &State, moves: Moves, gold: &Gold<'_>, costs: &mut [i32]) {
    let n = state.n;
    let b = state.b;
    let s0 = state.s(0);
    let headless = |t: u32| state.heads[t as usize] == NONE;
    // Gold dependents of s0 in the buffer: lost when s0 leaves the stack.
    let s0_kids_in_buf = if s0 == NONE {
        0
    } else {
        (b..n).filter(|&d| gold.heads[d as usize] == s0).count() as i32
    };
    let left = if s0 == NONE {
        0
    } else {
        let h = gold.heads[s0 as usize];
        // A head further on in the buffer (the root included) is lost too.
        s0_kids_in_buf + i32::from(h > b && h <= n)
    };
    let (mut shift, mut right) = (0, 0);
    if b < n {
        let h = gold.heads[b as usize];
        // Headless stack words whose gold head is b0: lost once b0 is pushed over them.
        let kids = state
            .stack
            .iter()
            .filter(|&&d| headless(d) && gold.heads[d as usize] == b)
            .count() as i32;
        let head_in_stack = state.stack.contains(&h);
        shift = kids + i32::from(head_in_stack);
        right = kids + i32::from(h != s0 && (head_in_stack || h > b));
    }
    let left_label = (s0 != NONE && gold.heads[s0 as usize] == b).then(|| gold.labels[s0 as usize]);
    let right_label =
        (b < n && s0 != NONE && gold.heads[b as usize] == s0).then(|| gold.labels[b as usize]);
    for (m, c) in costs.iter_mut().enumerate().take(moves.len()) {
        *c = if !state.valid(moves, m) {
            i32::MAX
        } else {
            match moves.kind(m) {
                Kind::Shift => shift,
                Kind::Reduce => s0_kids_in_buf,
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
                Right(2),
                Reduce,
                Right(3),
                Reduce,
                Right(4),
                Reduce,
                Left(0)
            ]
        );
        assert_eq!(st.lc[1], [0, NONE]);
        assert_eq!(st.rc[1], [4, 3]);
        assert_eq!(st.nkids[1], [1, 3]);
    }

    #[test]
    fn forced_moves_are_the_only_valid_ones() {
        let only = |st: &State, want: usize| {
            assert_eq!(st.forced(MOVES), Some(want));
            for m in 0..MOVES.len() {
                assert_eq!(st.valid(MOVES, m), m == want, "move {m}");
            }
        };
        let mut st = State::default();
        st.reset(2);
        only(&st, 0);
        st.apply(MOVES, 0);
        assert_eq!(st.forced(MOVES), None);
        st.apply(MOVES, MOVES.right(1));
        // Only the root is left: the attached word is reduced, the other goes to the root.
        only(&st, 1);
        st.apply(MOVES, 1);
        only(&st, MOVES.left(MOVES.root));
        st.apply(MOVES, MOVES.left(MOVES.root));
        assert!(st.is_final());
        assert_eq!(st.heads, [2, 0]);
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
        // Shifting "gave" over "She" loses She<-gave; LEFT with a wrong label costs one;
        // She has no head to be reduced from.
        assert_eq!(c[0], 1);
        assert_eq!(c[MOVES.left(1)], 0);
        assert_eq!(c[MOVES.left(2)], 1);
        assert_eq!(c[1], i32::MAX);
        // She->gave loses She<-gave and gave's root arc.
        assert_eq!(c[MOVES.right(2)], 2);
        // After the wrong SHIFT, the rest of the tree is still reachable at zero cost.
        st.apply(MOVES, 0);
        costs(&st, MOVES, &gold, &mut c);
        assert_eq!(c[MOVES.right(2)], 0);
        // Shifting "him" loses him<-gave; popping "gave" loses its three dependents and
        // its root arc.
        assert_eq!(c[0], 1);
        assert_eq!(c[MOVES.left(2)], 4);
    }

    /// A random projective tree over `lo..hi` whose top words hang on `head`.
    fn random_tree(
        next: &mut impl FnMut(u32) -> u32,
        lo: u32,
        hi: u32,
        head: u32,
        heads: &mut [u32],
    ) {
        let mut start = lo;
        while start < hi {
            let end = start + 1 + next(hi - start);
            let r = start + next(end - start);
            heads[r as usize] = head;
            random_tree(next, start, r, r, heads);
            random_tree(next, r + 1, end, r, heads);
            start = end;
        }
    }

    #[test]
    fn costs_count_exactly_the_arcs_lost() {
        // Whatever moves are taken, following zero-cost moves afterwards must end with
        // exactly the gold arcs minus the summed costs of the moves taken.
        let mut seed = 11u64;
        let mut next = move |k: u32| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((seed >> 33) % u64::from(k.max(1))) as u32
        };
        for _ in 0..3000 {
            let n = 1 + next(12);
            let mut heads = vec![0; n as usize];
            // One root word (what UD trees have), its subtrees on both sides.
            let r = next(n);
            heads[r as usize] = n;
            random_tree(&mut next, 0, r, r, &mut heads);
            random_tree(&mut next, r + 1, n, r, &mut heads);
            let labels: Vec<u8> = heads
                .iter()
                .map(|&h| {
                    if h == n {
                        MOVES.root
                    } else {
                        1 + next(4) as u8
                    }
                })
                .collect();
            let gold = Gold {
                heads: &heads,
                labels: &labels,
            };
            let mut st = State::default();
            st.reset(n as usize);
            let mut c = vec![0; MOVES.len()];
            let mut lost = 0;
            while !st.is_final() {
                costs(&st, MOVES, &gold, &mut c);
                let valid: Vec<usize> = (0..MOVES.len()).filter(|&m| st.valid(MOVES, m)).collect();
                let zero: Vec<usize> = valid.iter().copied().filter(|&m| c[m] == 0).collect();
                assert!(
                    !zero.is_empty(),
                    "no zero-cost move at {st:?} for {heads:?}"
                );
                let m = if next(3) == 0 {
                    valid[next(valid.len() as u32) as usize]
                } else {
                    zero[next(zero.len() as u32) as usize]
                };
                lost += c[m];
                st.apply(MOVES, m);
            }
            let right = (0..n as usize)
                .filter(|&d| st.heads[d] == heads[d] && st.labels[d] == labels[d])
                .count() as i32;
            assert_eq!(
                right,
                n as i32 - lost,
                "{heads:?} {labels:?} -> {:?}",
                st.heads
            );
        }
    }
}
