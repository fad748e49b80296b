/** GitLab offset pagination: page/per_page query parameters and the X-* / Link response headers. */

export interface PageRequest {
  page: number;
  perPage: number;
}

export interface Page<T> {
  items: T[];
  headers: Record<string, string>;
}

const DEFAULT_PER_PAGE = 20;
const MAX_PER_PAGE = 100;

function positiveInt(value: unknown): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const parsed = Number(value);
  return Number.isInteger(parsed) && parsed > 0 ? parsed : undefined;
}

/** per_page above 100 is clamped to 100, as GitLab does; missing or invalid values fall back to defaults. */
export function pageRequest(query: Record<string, unknown>): PageRequest {
  const page = positiveInt(query['page']) ?? 1;
  const perPage = Math.min(positiveInt(query['per_page']) ?? DEFAULT_PER_PAGE, MAX_PER_PAGE);
  return { page, perPage };
}

/** `baseUrl` is the absolute request URL; page links keep its other query parameters. */
export function paginate<T>(items: readonly T[], request: PageRequest, baseUrl: string): Page<T> {
  const { page, perPage } = request;
  const total = items.length;
  const totalPages = Math.max(1, Math.ceil(total / perPage));
  const start = (page - 1) * perPage;
  const link = (target: number): string => {
    const url = new URL(baseUrl);
    url.searchParams.set('page', String(target));
    url.searchParams.set('per_page', String(perPage));
    return url.toString();
  };
  const links: string[] = [];
  if (page > 1) links.push(`<${link(Math.min(page - 1, totalPages))}>; rel="prev"`);
  if (page < totalPages) links.push(`<${link(page + 1)}>; rel="next"`);
  links.push(`<${link(1)}>; rel="first"`, `<${link(totalPages)}>; rel="last"`);
  return {
    items: items.slice(start, start + perPage),
    headers: {
      'X-Page': String(page),
      'X-Per-Page': String(perPage),
      'X-Next-Page': page < totalPages ? String(page + 1) : '',
      'X-Prev-Page': page > 1 ? String(Math.min(page - 1, totalPages)) : '',
      'X-Total': String(total),
      'X-Total-Pages': String(totalPages),
      Link: links.join(', '),
    },
  };
}
