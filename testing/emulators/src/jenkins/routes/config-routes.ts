import type { Request, Response } from 'express';
import { hasPermission } from '../auth';
import { ConfigXmlError, parseItemConfig, renderItemConfig } from '../config-xml';
import type { EmulatorContext } from '../context';
import { sendAccessDenied, sendFailure, sendText } from '../http-errors';
import type { Job } from '../job';
import { unsafeCharacter } from '../job-store';
import type { Permission } from '../types';
import { info, param } from './request-info';

function allowed(ctx: EmulatorContext, req: Request, res: Response, permission: Permission): boolean {
  const { identity } = info(req);
  if (hasPermission(ctx.users, identity, permission)) return true;
  sendAccessDenied(res, identity, permission);
  return false;
}

function sendXml(res: Response, xml: string): void {
  res.status(200).type('application/xml;charset=utf-8').send(xml);
}

/** POST /createItem?name=X (or …/job/<folder>/createItem) with a config.xml body. */
export function createItem(ctx: EmulatorContext, req: Request, res: Response, folder: string): void {
  if (!allowed(ctx, req, res, 'create')) return;
  const name = param(req, 'name');
  if (!name) return sendFailure(res, "Query parameter 'name' is required");
  const unsafe = unsafeCharacter(name);
  if (unsafe !== undefined) return sendFailure(res, `‘${unsafe}’ is an unsafe character`);
  const fullName = folder ? `${folder}/${name}` : name;
  if (ctx.store.exists(fullName)) return sendFailure(res, `A job already exists with the name ‘${name}’`);
  const xml = info(req).body.toString('utf8');
  try {
    const config = parseItemConfig(xml);
    if (config.kind === 'folder') ctx.store.addFolder(fullName, config.description);
    else ctx.store.define(fullName, { configXml: xml });
  } catch (error) {
    if (error instanceof ConfigXmlError) return sendText(res, 400, error.message);
    throw error;
  }
  res.status(200).end();
}

/** GET/POST …/config.xml of a job: reading needs Configure (ExtendedRead), writing replaces the config. */
export function jobConfig(ctx: EmulatorContext, req: Request, res: Response, job: Job): void {
  if (!allowed(ctx, req, res, 'configure')) return;
  if (req.method !== 'POST') return sendXml(res, job.configXml());
  try {
    const xml = info(req).body.toString('utf8');
    if (parseItemConfig(xml).kind === 'folder') {
      return sendText(res, 400, 'Cannot change an item into a folder');
    }
    job.replaceXml(xml);
  } catch (error) {
    if (error instanceof ConfigXmlError) return sendText(res, 400, error.message);
    throw error;
  }
  res.status(200).end();
}

export function folderConfig(ctx: EmulatorContext, req: Request, res: Response, folder: string): void {
  if (!allowed(ctx, req, res, 'configure')) return;
  if (req.method !== 'POST') {
    const description = ctx.store.folderDescription(folder);
    return sendXml(res, renderItemConfig({ kind: 'folder', description, disabled: false, parameters: null }));
  }
  try {
    const config = parseItemConfig(info(req).body.toString('utf8'));
    if (config.kind !== 'folder') return sendText(res, 400, 'Cannot change a folder into a job');
    ctx.store.addFolder(folder, config.description);
  } catch (error) {
    if (error instanceof ConfigXmlError) return sendText(res, 400, error.message);
    throw error;
  }
  res.status(200).end();
}
