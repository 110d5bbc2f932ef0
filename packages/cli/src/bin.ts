#!/usr/bin/env node
import { processIo } from './program/cliIo';
import { runGavel } from './program/gavelProgram';

runGavel(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 3;
  },
);
