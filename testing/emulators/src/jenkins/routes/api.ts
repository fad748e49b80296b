import type { Request, Response } from 'express';
import { sendJson, sendText } from '../http-errors';
import { applyTree, parseTree, TreeSyntaxError, type Tree } from '../tree-filter';
import type { Json } from '../views/build-view';
import { param } from './request-info';

/** What a view needs to know about the `depth`/`tree` the caller asked for. */
export interface ApiShape {
  depth: number;
  tree: Tree | undefined;
  /** Top-level names the tree asks for (e.g. to decide whether to compute allBuilds). */
  wants(name: string): boolean;
}

/**
 * Answers `…/api/json`: `tree` projects the full object (so nested fields are available at any
 * depth, as in Jenkins); without it, `depth` (default 0) decides how much nested objects show.
 */
export function sendApi(req: Request, res: Response, render: (shape: ApiShape) => Json): void {
  let tree: Tree | undefined;
  const spec = param(req, 'tree');
  try {
    tree = spec === undefined ? undefined : parseTree(spec);
  } catch (error) {
    if (error instanceof TreeSyntaxError) return sendText(res, 400, error.message);
    throw error;
  }
  const depthParam = Number(param(req, 'depth') ?? '0');
  const depth = tree ? 1 : Number.isInteger(depthParam) && depthParam >= 0 ? depthParam : 0;
  const json = render({ depth, tree, wants: (name) => tree?.fields.has(name) ?? false });
  sendJson(res, tree ? applyTree(json, tree) : json);
}
