/**
 * One problem a schema found, as zod reports it (`ZodError.issues`) and as the zod type provider hands
 * it to the error handler (rebuilt by {@link validationIssues}).
 */
export interface InputIssue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  /** The unknown keys of an `unrecognized_keys` issue. */
  readonly keys?: readonly string[];
}

/** The first problem of a failed parse, as the API reports it: the field's path and a message. */
export const firstIssue = (
  issues: readonly InputIssue[],
): { readonly field: string; readonly message: string } => {
  const issue = issues[0];
  if (issue === undefined) return { field: '', message: 'invalid request' };
  if (issue.code === 'unrecognized_keys') {
    const field = [...issue.path, issue.keys?.[0] ?? ''].map(String).join('.');
    return { field, message: `unknown field '${field.slice(0, 64)}'` };
  }
  const field = issue.path.map(String).join('.');
  if (issue.code === 'invalid_type' && field === '')
    return { field, message: 'the body must be a JSON object' };
  return { field, message: field === '' ? issue.message : `${field} ${issue.message}` };
};

/** What a validation error of the zod type provider carries for one issue. */
interface ProviderIssue {
  readonly keyword: string;
  readonly instancePath: string;
  readonly message?: string | undefined;
  readonly params: Readonly<Record<string, unknown>>;
}

/**
 * The issues of a validation error of `fastify-type-provider-zod` (`error.validation`), as zod reported
 * them: its `keyword` is the issue's code, its `instancePath` the path joined by `/`, its `params` the
 * rest of the issue.
 */
export const validationIssues = (validation: readonly ProviderIssue[]): InputIssue[] =>
  validation.map(({ keyword, instancePath, message, params }) => {
    const keys = params.keys;
    return {
      code: keyword,
      path: instancePath === '/' ? [] : instancePath.slice(1).split('/'),
      message: message ?? 'is invalid',
      ...(Array.isArray(keys) ? { keys: keys.map(String) } : {}),
    };
  });
