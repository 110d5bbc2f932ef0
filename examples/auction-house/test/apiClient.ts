/** A tiny HTTP client for tests: JSON in and out, one cookie jar per user. */
export interface TestUser {
  readonly userId: string;
  readonly name: string;
  readonly cookie: string;
}

/** An answer: status, parsed JSON body (or the raw text), headers. */
export interface TestAnswer {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: test bodies are inspected freely
  readonly body: any;
  readonly text: string;
  readonly headers: Headers;
}

/** Sends a request to `base + path`, with a JSON body when `body` is given. */
export const request = async (
  base: string,
  method: string,
  path: string,
  options: { body?: unknown; cookie?: string; headers?: Record<string, string>; rawBody?: string } = {},
): Promise<TestAnswer> => {
  const headers: Record<string, string> = { ...(options.cookie ? { cookie: options.cookie } : {}) };
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const response = await fetch(base + path, { method, headers: { ...headers, ...options.headers }, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {}
  return { status: response.status, body: parsed, text, headers: response.headers };
};

/** Signs a user in; returns their id, name and session cookie. */
export const signIn = async (base: string, name: string): Promise<TestUser> => {
  const answer = await request(base, 'POST', '/api/session', { body: { name } });
  if (answer.status !== 200) throw new Error(`sign-in failed: ${answer.status} ${answer.text}`);
  const cookie = (answer.headers.get('set-cookie') ?? '').split(';')[0] as string;
  return { userId: answer.body.userId, name, cookie };
};
