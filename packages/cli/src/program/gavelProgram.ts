import { Command, CommanderError, Option } from 'commander';
import { version } from '../../package.json';
import { AUDIT_FORMATS, type AuditOptions, auditCommand } from '../commands/auditCommand';
import { type ExportOptions, exportCommand } from '../commands/exportCommand';
import { type VerifyOptions, verifyCommand } from '../commands/verifyCommand';
import { CliError } from './cliError';
import type { CliIo } from './cliIo';
import { EXIT, type ExitCode } from './exitCodes';

const STORE_HELP = 'the event store: sqlite:<path>, postgres://… or esdb://…';

const storeOption = (): Option => new Option('-s, --store <url>', `${STORE_HELP} (default: $GAVEL_STORE)`);

/** The store URL: `--store`, else `GAVEL_STORE`; a usage error when neither is given. */
const withStoreUrl = <O extends { readonly store?: string }>(
  options: O,
  io: CliIo,
): O & { readonly store: string } => {
  const store = options.store ?? io.env.GAVEL_STORE;
  if (store === undefined || store.length === 0)
    throw new CliError('USAGE', `--store <url> is required (or set GAVEL_STORE): ${STORE_HELP}`);
  return { ...options, store };
};

/** Builds the `gavel` program; each command stores its exit code in `result.code`. */
const buildProgram = (io: CliIo, result: { code: ExitCode }): Command => {
  const program = new Command('gavel')
    .description('Audit, verify and export the recorded history of Gavel auctions.')
    .version(version)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err, outputError: (text, write) => write(text) });
  program
    .command('audit')
    .description(
      "Explain an auction's timeline from its record, and verify it against the rules. Exit 0: no finding; 1: findings; 2: usage or store error.",
    )
    .argument('<auctionId>', 'the auction to audit')
    .addOption(storeOption())
    .addOption(new Option('-f, --format <format>', 'output format').choices(AUDIT_FORMATS).default('text'))
    .option(
      '--at <time>',
      'show the timeline up to this time (ISO 8601 or epoch ms); findings cover the whole stream',
    )
    .option(
      '--reveal-max',
      'show each max as it was set (operators only: maxima are bidders’ secrets)',
      false,
    )
    .action(async (auctionId: string, options: Partial<AuditOptions>) => {
      result.code = await auditCommand(auctionId, withStoreUrl(options, io), io);
    });
  program
    .command('export')
    .description(
      'Write the public bid history of an auction as CSV (RFC 4180), bidders masked as in the live feed: one row per entry, and the offer an automatic bid beat on a row of its own.',
    )
    .argument('<auctionId>', 'the auction to export')
    .addOption(storeOption())
    .addOption(new Option('--secret <secret>', 'the masking secret of the feed (default: $GAVEL_SECRET)'))
    .action(async (auctionId: string, options: Partial<ExportOptions>) => {
      result.code = await exportCommand(auctionId, withStoreUrl(options, io), io);
    });
  program
    .command('verify')
    .description(
      'Verify auctions against the rules they were opened with. Exit 0: no finding; 1: findings; 2: usage or store error.',
    )
    .argument('[auctionIds...]', 'the auctions to verify (or --all)')
    .addOption(storeOption())
    .option('-a, --all', 'verify every auction of the store', false)
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (auctionIds: string[], options: Partial<VerifyOptions>) => {
      result.code = await verifyCommand(auctionIds, withStoreUrl(options, io), io);
    });
  for (const command of program.commands)
    command
      .exitOverride()
      .showHelpAfterError('(run with --help for usage)')
      .configureOutput({ writeOut: io.out, writeErr: io.err, outputError: (text, write) => write(text) });
  return program;
};

const oneLine = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';

/**
 * Runs `gavel` with the given arguments (without `node` and the script: `['audit', 'lot-1', '--store', …]`).
 * Resolves with the exit code; never rejects. Usage errors, unknown auctions and store failures print
 * one line on stderr and give 2; findings give 1; an unexpected error prints its stack and gives 3.
 */
export const runGavel = async (args: readonly string[], io: CliIo): Promise<ExitCode> => {
  const result: { code: ExitCode } = { code: EXIT.OK };
  const program = buildProgram(io, result);
  try {
    await program.parseAsync([...args], { from: 'user' });
    return result.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // An asked-for help or version is a success; every other parse error (already printed) is a
      // usage error, help shown for a missing command included.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.OK;
      return EXIT.USAGE;
    }
    if (error instanceof CliError) {
      io.err(`gavel: ${oneLine(error)}\n`);
      return EXIT.USAGE;
    }
    io.err(
      `gavel: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return EXIT.INTERNAL;
  }
};
