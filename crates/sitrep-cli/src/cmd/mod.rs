//! One module per subcommand group.

pub mod eval;
pub mod train;
