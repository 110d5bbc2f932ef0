/**
 * A child process that holds SQLite's write lock of a database file: it opens the file, runs
 * `BEGIN IMMEDIATE`, prints `locked`, and commits (releasing the lock) once it reads a line on stdin.
 * Usage: node --import tsx lockHolderChild.ts <path>
 */
import Libsql from 'libsql';

const [path] = process.argv.slice(2) as [string];
const db = new Libsql(path);
db.exec('BEGIN IMMEDIATE');
process.stdout.write('locked\n');
process.stdin.once('data', () => {
  db.exec('COMMIT');
  db.close();
  process.exit(0);
});
