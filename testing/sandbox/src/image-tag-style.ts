const TAG = /^(\d+\.\d+\.\d+)(?:-(?:SNAPSHOT|rc\d+))?-([0-9a-f]{7,40})$/;

/**
 * The tag an image carries in each environment of the sandbox's deployments repository:
 * dev `1.0.42-SNAPSHOT-abc1234`, stage `1.0.42-rc1-abc1234`, prod `1.0.42-abc1234`.
 * A tag in another style is kept as it is.
 */
export function tagForEnvironment(tag: string, environment: string): string {
  const match = TAG.exec(tag);
  if (!match) return tag;
  const [, version, sha] = match;
  switch (environment) {
    case 'dev':
      return `${version}-SNAPSHOT-${sha}`;
    case 'stage':
      return `${version}-rc1-${sha}`;
    case 'prod':
      return `${version}-${sha}`;
    default:
      return tag;
  }
}
