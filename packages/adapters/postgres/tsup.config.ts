import { packageBuild } from '../../../tsup.base';

// Builds against the built `@gavel/core` (tsconfig.json maps it to core's source for typecheck and tests).
export default packageBuild({ tsconfig: 'tsconfig.build.json' });
