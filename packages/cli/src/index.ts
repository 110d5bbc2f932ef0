// The public surface of @gavel/cli, by name: the store URL module that the example app shares with the
// `gavel` command.

export { type CliIo, processIo } from './program/cliIo';
export { EXIT, type ExitCode } from './program/exitCodes';
export { runGavel } from './program/gavelProgram';
export { type OpenStoreOptions, openStoreFromUrl } from './store/openStoreFromUrl';
export {
  type ParsedStoreUrl,
  parseStoreUrl,
  type StoreLocation,
  type StoreUrlProblem,
} from './store/parseStoreUrl';
