// Characters git refuses anywhere in a ref name (git check-ref-format rules 4, 5 and 10), plus DEL.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARS_RE = /[\u0000-\u0020\u007f~^:?*[\\]/;

/**
 * Why `name` is not a usable git branch name, or null when it is. Follows `git check-ref-format --branch`:
 * no control characters, spaces or `~^:?*[\`, no `..` or `@{`, no empty component, no component starting
 * with `.` or ending with `.lock`, not ending with `.` or `/`, not starting with `-`, not `@` or `HEAD`.
 */
export function branchNameProblem(name: string): string | null {
  if (name.length === 0) return 'is empty';
  if (FORBIDDEN_CHARS_RE.test(name)) return 'contains a space, control character or one of ~^:?*[\\';
  if (name.includes('..')) return "contains '..'";
  if (name.includes('@{')) return "contains '@{'";
  if (name === '@' || name === 'HEAD') return `'${name}' is reserved by git`;
  if (name.startsWith('-')) return "starts with '-'";
  if (name.startsWith('/') || name.endsWith('/')) return "starts or ends with '/'";
  if (name.endsWith('.')) return "ends with '.'";
  for (const component of name.split('/')) {
    if (component.length === 0) return "contains '//'";
    if (component.startsWith('.')) return "has a path component starting with '.'";
    if (component.endsWith('.lock')) return "has a path component ending with '.lock'";
  }
  return null;
}

/** True when git would accept `name` as a branch name (see `branchNameProblem`). */
export function isValidBranchName(name: string): boolean {
  return branchNameProblem(name) === null;
}
