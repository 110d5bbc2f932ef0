import { fileURLToPath } from 'node:url';

/** The example's folder (`examples/auction-house`): relative SQLite paths in `GAVEL_STORE` resolve against it. */
export const exampleRoot: string = fileURLToPath(new URL('../../', import.meta.url));
