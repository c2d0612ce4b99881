//! The page as a state machine (to be written).
