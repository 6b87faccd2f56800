//! (screening on the kit: see below)
