import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { realSchema, type JsonObject } from './real-fixtures';

/** Where GitLab keeps the schemas (spec/fixtures/api/schemas/public_api/v4/), so their relative $refs resolve. */
const BASE = 'https://gitlab.com/gitlab-org/gitlab/spec/fixtures/api/schemas/public_api/v4/';

const VENDORED = {
  'branch.json': 'gitlabhq_gitlabhq__v4_branch.json',
  'commit/basic.json': 'gitlabhq_gitlabhq__v4_commit_basic.json',
  'commit/detail.json': 'gitlabhq_gitlabhq__v4_commit_detail.json',
  'merge_request_simple.json': 'gitlabhq_gitlabhq__v4_merge_request_simple.json',
  'project_hook.json': 'gitlabhq_gitlabhq__v4_project_hook.json',
} as const;

/**
 * Schemas the vendored ones reference but that are not vendored: accepted as any object here, and the
 * fields behind them are checked against the real answers instead (commit `stats`) or not sent by the
 * emulator at all (`head_pipeline`).
 */
const NOT_VENDORED = ['commit_stats.json', 'pipeline/detail.json'];

export type SchemaName = keyof typeof VENDORED;

export interface GitLabSchemas {
  validate(name: SchemaName, value: unknown): string[];
  /** The schema with `additionalProperties: false` dropped (see the hook test for why). */
  validateOpen(name: SchemaName, value: unknown): string[];
}

const describeErrors = (errors: ErrorObject[] | null | undefined): string[] =>
  (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);

export function gitlabSchemas(): GitLabSchemas {
  const build = (open: boolean) => {
    // GitLab's schemas use keywords Ajv does not know ("optional"): not strict.
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    for (const [name, file] of Object.entries(VENDORED)) {
      const schema: JsonObject = { ...realSchema(file), $id: `${BASE}${name}` };
      if (open) delete schema['additionalProperties'];
      ajv.addSchema(schema);
    }
    for (const name of NOT_VENDORED) ajv.addSchema({ $id: `${BASE}${name}`, type: 'object' });
    const compiled = new Map<string, ValidateFunction>();
    return (name: SchemaName, value: unknown): string[] => {
      let validate = compiled.get(name);
      if (!validate) {
        validate = ajv.getSchema(`${BASE}${name}`);
        if (!validate) throw new Error(`no schema ${name}`);
        compiled.set(name, validate);
      }
      return validate(value) ? [] : describeErrors(validate.errors);
    };
  };
  return { validate: build(false), validateOpen: build(true) };
}
