import {
  blockField,
  blockFieldsFor,
  blockMatches,
  type BlockCandidate,
  type VersionBlock,
} from '@auto-promote/domain';
import { SCRIPTS, redisKeys, type RedisKeys, type RedisClient } from '@auto-promote/redis';

export interface BlockStoreOptions {
  clock?: () => Date;
}

/** What `place` is given: the block less what the store assigns. */
export type NewBlock = Pick<VersionBlock, 'app' | 'match' | 'target' | 'reason' | 'by'>;

export type LiftResult =
  | { kind: 'lifted'; block: VersionBlock }
  | { kind: 'already-lifted'; block: VersionBlock }
  | { kind: 'missing' };

/**
 * Quarantined versions in Redis. Each block is a record of its own (kept after it is lifted: who placed it,
 * when and why, who lifted it and when), and while active it is also a field of its app's hash, so whether a
 * promotion is blocked is one HMGET — read at the moment of each decision, never cached in a process.
 * Placing or lifting one publishes `block:<id>` on the changes channel (the board listens).
 */
export class BlockStore {
  private readonly keys: RedisKeys;
  private readonly clock: () => Date;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
    options: BlockStoreOptions = {},
  ) {
    this.keys = redisKeys(prefix);
    this.clock = options.clock ?? (() => new Date());
  }

  /**
   * Places a block. When an active block already holds the same version and target, that one is returned
   * with `created` false and nothing changes.
   */
  async place(input: NewBlock): Promise<{ block: VersionBlock; created: boolean }> {
    const now = this.clock();
    const id = String(await this.redis.incr(this.keys.blocksSequence));
    const block: VersionBlock = {
      id,
      app: input.app,
      match: input.match,
      target: input.target,
      reason: input.reason,
      by: input.by,
      createdAt: now.toISOString(),
      liftedAt: null,
      liftedBy: null,
    };
    const [code, json] = (await SCRIPTS.blockPlace.run(
      this.redis,
      [this.keys.activeBlocks(block.app), this.keys.block(id), this.keys.blocksIndex],
      [blockField(block), JSON.stringify(block), now.getTime(), id, this.keys.changesChannel],
    )) as [number, string];
    return { block: JSON.parse(json) as VersionBlock, created: code === 1 };
  }

  /** Lifts a block by id, recording who lifted it and when; the block stays for the audit. */
  async lift(id: string, by: string): Promise<LiftResult> {
    const block = await this.get(id);
    if (!block) return { kind: 'missing' };
    const [code, json] = (await SCRIPTS.blockLift.run(
      this.redis,
      [this.keys.block(id), this.keys.activeBlocks(block.app)],
      [blockField(block), this.clock().toISOString(), by, id, this.keys.changesChannel],
    )) as [number, string];
    if (code === 0) return { kind: 'missing' };
    const after = JSON.parse(json) as VersionBlock;
    return code === 1 ? { kind: 'lifted', block: after } : { kind: 'already-lifted', block: after };
  }

  async get(id: string): Promise<VersionBlock | null> {
    const raw = await this.redis.get(this.keys.block(id));
    return raw ? (JSON.parse(raw) as VersionBlock) : null;
  }

  /**
   * The active block that stops a promotion of `candidate` (its app at its image tag or commit, into its
   * target), or null: one HMGET, in Redis at the time of asking. This is what `explain` asks too: "is app X
   * at tag/sha Y blocked for target Z, and by which block". A block for the promotion's target wins
   * over one for every target, and a block by tag over one by sha.
   */
  async blocking(candidate: BlockCandidate): Promise<VersionBlock | null> {
    const fields = blockFieldsFor(candidate);
    if (fields.length === 0) return null;
    const values = await this.redis.hmget(this.keys.activeBlocks(candidate.app), ...fields);
    for (const raw of values) {
      if (!raw) continue;
      const block = JSON.parse(raw) as VersionBlock;
      if (blockMatches(block, candidate)) return block;
    }
    return null;
  }

  /** The active blocks of one app, oldest first. */
  async activeFor(app: string): Promise<VersionBlock[]> {
    const all = await this.redis.hvals(this.keys.activeBlocks(app));
    return all.map((raw) => JSON.parse(raw) as VersionBlock).sort(byCreation);
  }

  /** The active blocks of one version of an app: for `target` only, or for any target when absent. */
  async activeOf(app: string, match: VersionBlock['match'], target?: string): Promise<VersionBlock[]> {
    const same = (b: VersionBlock): boolean =>
      blockField({ match: b.match, target: null }) === blockField({ match, target: null }) &&
      (target === undefined || b.target === target);
    return (await this.activeFor(app)).filter(same);
  }

  /** Blocks newest first: the active ones, or with `all` the lifted ones too (the audit). */
  async list(options: { all?: boolean; limit?: number } = {}): Promise<VersionBlock[]> {
    const ids = await this.redis.zrevrange(this.keys.blocksIndex, 0, -1);
    if (ids.length === 0) return [];
    const values = await this.redis.mget(ids.map((id) => this.keys.block(id)));
    const blocks = values
      .filter((raw): raw is string => raw !== null)
      .map((raw) => JSON.parse(raw) as VersionBlock)
      .filter((b) => options.all === true || b.liftedAt === null);
    return options.limit === undefined ? blocks : blocks.slice(0, options.limit);
  }
}

const byCreation = (a: VersionBlock, b: VersionBlock): number =>
  a.createdAt.localeCompare(b.createdAt) || Number(a.id) - Number(b.id);
