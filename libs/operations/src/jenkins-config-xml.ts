/**
 * A config.xml in a form that ignores what Jenkins changes when it stores one: the XML declaration
 * (`<?xml version='1.1' …?>`), line endings, indentation and whitespace between tags.
 */
export function normalizeConfigXml(xml: string): string {
  return xml
    .replace(/^\uFEFF/, '')
    .replace(/<\?xml[^>]*\?>/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/>\s+</g, '><')
    .trim();
}
