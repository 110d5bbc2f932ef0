// @gavel/core/node: the parts of the engine that need Node's own modules (here `node:crypto`), kept off
// the root entry, which has no I/O and no Node dependency.
export { maskBidderId } from './maskBidderId';
