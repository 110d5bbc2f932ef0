// The public surface of @gavel/cli, by name: the command runner. Store URLs are read and opened by
// `@gavel/stores`.

export { type CliIo, processIo } from './program/cliIo';
export { EXIT, type ExitCode } from './program/exitCodes';
export { runGavel } from './program/gavelProgram';
