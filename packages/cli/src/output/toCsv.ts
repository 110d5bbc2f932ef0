/** One CSV field (RFC 4180): quoted, with quotes doubled, when it holds a comma, a quote or a line break. */
export const csvField = (value: string | number | boolean | null): string => {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** Rows as RFC 4180 CSV: fields quoted as needed, every record ended by CRLF. */
export const toCsv = (rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null>>): string =>
  rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
