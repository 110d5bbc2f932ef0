// The public surface of @gavel/cli, by name: the store URL module that the example app shares with the
// `gavel` command.
export { type OpenStoreOptions, openStoreFromUrl } from './store/openStoreFromUrl';
export {
  type ParsedStoreUrl,
  parseStoreUrl,
  type StoreLocation,
  type StoreUrlProblem,
} from './store/parseStoreUrl';
