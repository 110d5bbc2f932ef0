/** The repository's root folder. */
export declare const repository: string;
/** Why a package needs a build, or null when it does not. */
export declare const buildReason: (folder: string, stale: boolean) => string | null;
/** Builds, in order, the packages that need it; exits with status 1 when a build fails. */
export declare const ensureBuilt: (options: {
  packages: readonly (readonly [name: string, folder: string])[];
  stale: boolean;
  label: string;
}) => void;
