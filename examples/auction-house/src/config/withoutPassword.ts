/** A connection string fit for a log line or an error message: its password removed. */
export const withoutPassword = (connectionString: string): string => {
  try {
    const url = new URL(connectionString);
    url.password = '';
    return url.toString();
  } catch {
    return connectionString.replace(/:[^:@/]*@/, '@');
  }
};
