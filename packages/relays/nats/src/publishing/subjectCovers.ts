/**
 * True when every subject that `subject` matches is also matched by `pattern` (NATS wildcards: `*` one
 * token, `>` one or more tokens at the end). Used to check that a stream takes the relay's subjects.
 *
 * @example
 * subjectCovers('gavel.>', 'gavel.>');        // true
 * subjectCovers('gavel.*.*', 'gavel.>');      // false: gavel.a.b.c is not taken
 * subjectCovers('>', 'acme.gavel.>');         // true
 */
export const subjectCovers = (pattern: string, subject: string): boolean => {
  const wanted = pattern.split('.');
  const given = subject.split('.');
  for (let i = 0; i < wanted.length; i++) {
    const token = wanted[i];
    const other = given[i];
    if (other === undefined) return false;
    if (token === '>') return true;
    if (other === '>') return false;
    if (token !== '*' && (other === '*' || token !== other)) return false;
  }
  return wanted.length === given.length;
};
