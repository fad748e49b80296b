import type { ParameterSpec, ParameterType } from './types';

/** What the emulator reads from an item's config.xml. */
export interface ItemConfig {
  kind: 'pipeline' | 'freestyle' | 'folder';
  description: string;
  disabled: boolean;
  /** null = no ParametersDefinitionProperty (not parameterized). */
  parameters: ParameterSpec[] | null;
}

export class ConfigXmlError extends Error {}

const ROOTS: Record<string, ItemConfig['kind']> = {
  'flow-definition': 'pipeline',
  project: 'freestyle',
  'com.cloudbees.hudson.plugins.folder.Folder': 'folder',
};

const TYPES: Record<string, ParameterType> = {
  StringParameterDefinition: 'string',
  TextParameterDefinition: 'text',
  BooleanParameterDefinition: 'boolean',
  ChoiceParameterDefinition: 'choice',
  PasswordParameterDefinition: 'string',
};

export function decodeXml(text: string): string {
  const cdata = /^<!\[CDATA\[([\s\S]*)\]\]>$/.exec(text.trim());
  if (cdata) return cdata[1] ?? '';
  return text.replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot|apos);/gi, (_m, entity: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    const lower = entity.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return String.fromCodePoint(parseInt(lower.slice(1), 10));
    return named[lower] ?? '';
  });
}

export function encodeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Inner text of the first `<tag>` in `xml` (self-closing = ''), or undefined. */
function firstElement(xml: string, tag: string): string | undefined {
  const t = escapeRe(tag);
  const match = new RegExp(`<${t}(?:\\s[^>]*)?(?:/>|>([\\s\\S]*?)</${t}>)`).exec(xml);
  return match ? (match[1] ?? '') : undefined;
}

function rootName(xml: string): string | undefined {
  const body = xml.replace(/<\?[\s\S]*?\?>/g, '').replace(/<!--[\s\S]*?-->/g, '');
  return /<([A-Za-z_][\w.\-:$]*)[\s>/]/.exec(body)?.[1];
}

function parseChoices(inner: string): string[] {
  const block = firstElement(inner, 'choices');
  if (block === undefined) return [];
  const strings = [...block.matchAll(/<string>([\s\S]*?)<\/string>/g)].map((m) => decodeXml(m[1] ?? ''));
  if (strings.length > 0) return strings;
  return decodeXml(block)
    .split(/\r?\n/)
    .filter((line) => line.length > 0);
}

function parseDefinitions(block: string): ParameterSpec[] {
  const specs: ParameterSpec[] = [];
  const defs = /<([\w.$-]*?(\w+ParameterDefinition))(?:\s[^>]*)?>([\s\S]*?)<\/\1>/g;
  for (const match of block.matchAll(defs)) {
    const simple = match[2] ?? '';
    const inner = match[3] ?? '';
    const name = decodeXml(firstElement(inner, 'name') ?? '');
    if (!name) continue;
    const type = TYPES[simple] ?? 'string';
    const spec: ParameterSpec = {
      name,
      type,
      description: decodeXml(firstElement(inner, 'description') ?? ''),
    };
    const defaultValue = firstElement(inner, 'defaultValue');
    if (defaultValue !== undefined) spec.default = decodeXml(defaultValue);
    if (type === 'choice') spec.choices = parseChoices(inner);
    specs.push(spec);
  }
  return specs;
}

export function parseItemConfig(xml: string): ItemConfig {
  const root = rootName(xml);
  if (
    root === undefined ||
    !new RegExp(`</${escapeRe(root)}>\\s*$|<${escapeRe(root)}[^>]*/>\\s*$`).test(xml)
  ) {
    throw new ConfigXmlError('Failed to parse config.xml: not a well-formed item configuration');
  }
  const kind = ROOTS[root] ?? (root.endsWith('Folder') ? 'folder' : undefined);
  if (kind === undefined) throw new ConfigXmlError(`Unrecognized item type: ${root}`);
  const property = firstElement(xml, 'hudson.model.ParametersDefinitionProperty');
  const parameters = property === undefined ? null : parseDefinitions(property);
  const outside = property === undefined ? xml : xml.replace(property, '');
  return {
    kind,
    description: decodeXml(firstElement(outside, 'description') ?? ''),
    disabled: (firstElement(outside, 'disabled') ?? '').trim() === 'true',
    parameters,
  };
}

function renderDefinition(spec: ParameterSpec): string {
  const cls =
    Object.entries(TYPES).find(([, type]) => type === spec.type)?.[0] ?? 'StringParameterDefinition';
  const lines = [
    `        <hudson.model.${cls}>`,
    `          <name>${encodeXml(spec.name)}</name>`,
    `          <description>${encodeXml(spec.description ?? '')}</description>`,
  ];
  if (spec.type === 'choice') {
    lines.push('          <choices>');
    for (const choice of spec.choices ?? []) lines.push(`            <string>${encodeXml(choice)}</string>`);
    lines.push('          </choices>');
  } else if (spec.type === 'boolean') {
    lines.push(`          <defaultValue>${spec.default === 'true'}</defaultValue>`);
  } else {
    lines.push(`          <defaultValue>${encodeXml(spec.default ?? '')}</defaultValue>`);
    if (spec.type === 'string') lines.push('          <trim>false</trim>');
  }
  lines.push(`        </hudson.model.${cls}>`);
  return lines.join('\n');
}

/** A config.xml for an item the emulator knows only through its definition. */
export function renderItemConfig(config: ItemConfig): string {
  const head = "<?xml version='1.1' encoding='UTF-8'?>";
  if (config.kind === 'folder') {
    return `${head}\n<com.cloudbees.hudson.plugins.folder.Folder plugin="cloudbees-folder">\n  <description>${encodeXml(config.description)}</description>\n  <properties/>\n</com.cloudbees.hudson.plugins.folder.Folder>\n`;
  }
  const root = config.kind === 'pipeline' ? 'flow-definition' : 'project';
  const properties =
    config.parameters === null
      ? '  <properties/>'
      : [
          '  <properties>',
          '    <hudson.model.ParametersDefinitionProperty>',
          '      <parameterDefinitions>',
          ...config.parameters.map(renderDefinition),
          '      </parameterDefinitions>',
          '    </hudson.model.ParametersDefinitionProperty>',
          '  </properties>',
        ].join('\n');
  const definition =
    config.kind === 'pipeline'
      ? `  <definition class="org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition" plugin="workflow-cps">\n    <script></script>\n    <sandbox>true</sandbox>\n  </definition>\n  <triggers/>`
      : '  <builders/>\n  <publishers/>\n  <buildWrappers/>';
  return [
    head,
    `<${root}>`,
    `  <description>${encodeXml(config.description)}</description>`,
    '  <keepDependencies>false</keepDependencies>',
    properties,
    definition,
    `  <disabled>${config.disabled}</disabled>`,
    `</${root}>`,
    '',
  ].join('\n');
}
