/**
 * GeoReport v2's XML, written from the same values as its JSON (the "Spark convention" read
 * backwards): an object's keys become child elements in key order, an array becomes one child per
 * item named by its container (`services` → `service`), null an empty element. Text is escaped
 * and characters XML 1.0 cannot carry are dropped, so no input can break the document. No
 * whitespace between elements: clients that coerce leaf text (node-open311's reader turns
 * `Number("\n ")` into 0) read exactly what is written.
 */
export type XmlValue = string | number | boolean | null | undefined | readonly XmlValue[] | { readonly [name: string]: XmlValue };

/** The element each repeated child of a container is written as. */
const ITEM_OF: Readonly<Record<string, string>> = {
  services: 'service',
  attributes: 'attribute',
  values: 'value',
  service_requests: 'request',
  endpoints: 'endpoint',
  formats: 'format',
  errors: 'error',
};

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
// Everything outside XML 1.0's Char production; one character at a time, so nothing backtracks.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
/** What escaping may change: markup characters, and any character that might be outside XML 1.0's (checked exactly by NOT_XML_CHAR). */
const MAY_CHANGE = /[&<>"'\u0000-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
const ENTITY: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXmlText(text: string): string {
  // Most texts need nothing: a list of 1,000 requests has ~17,000 of them.
  if (!MAY_CHANGE.test(text)) return text;
  return text.replace(NOT_XML_CHAR, '').replace(/[&<>"']/g, (c) => ENTITY[c]);
}

/** Element names already checked: they come from the code's own keys, the same few thousands of times a list. */
const CHECKED_NAMES = new Set<string>();

function checkName(name: string): void {
  if (CHECKED_NAMES.has(name)) return;
  if (!NAME.test(name)) throw new Error(`xml: not an element name: ${name}`);
  if (CHECKED_NAMES.size < 1000) CHECKED_NAMES.add(name);
}

function element(name: string, value: XmlValue, out: string[]): void {
  checkName(name);
  if (value === null || value === undefined) {
    out.push(`<${name}/>`);
    return;
  }
  if (Array.isArray(value)) {
    const item = ITEM_OF[name];
    if (!item) throw new Error(`xml: no item element for ${name}`);
    out.push(`<${name}>`);
    for (const entry of value as readonly XmlValue[]) element(item, entry, out);
    out.push(`</${name}>`);
    return;
  }
  if (typeof value === 'object') {
    out.push(`<${name}>`);
    for (const key in value) element(key, (value as { readonly [name: string]: XmlValue })[key], out);
    out.push(`</${name}>`);
    return;
  }
  const text = escapeXmlText(String(value));
  out.push(text === '' ? `<${name}/>` : `<${name}>${text}</${name}>`);
}

/** A whole document: the declaration GeoReport asks for, then the root element. */
export function xmlDocument(root: string, value: XmlValue): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  element(root, value, out);
  return out.join('');
}
