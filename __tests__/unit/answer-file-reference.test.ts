/**
 * Every autounattend.xml this project can render, checked against Microsoft's Unattended Windows Setup
 * Reference as recorded in ../support/unattend-reference.ts: each component and each setting only in a pass
 * the reference allows, the component attributes, the wcm list-item attributes, Orders 1..n, the value rules
 * and the "set together" rules. The template itself (every section, rendered or not) must have a reference
 * row for each element, so a new setting without a row fails here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Firmware, WindowsOs } from '../../src/bake/options.js';
import { renderAnswerFile, type AnswerFileInput } from '../../src/unattend/answer-file.js';
import { templatesDir } from '../../src/unattend/templates.js';
import { WINDOWS_TARGETS } from '../../src/unattend/windows-targets.js';
import {
  COMPONENTS,
  COMPONENT_ATTRIBUTES,
  PASSES,
  REFERENCE_BASE,
  REQUIRED_SETTINGS,
  SETTINGS,
  UNATTEND_NAMESPACE,
  WCM_ADD,
  WCM_ATTRIBUTES,
  WCM_NAMESPACE,
  WILL_SHOW_UI_VALUES,
  WINDOWS_TIME_ZONE_ID,
  componentReference,
  settingReference,
  type Condition,
  type Pass,
  type Rule,
  type ValueRule,
} from '../support/unattend-reference.js';
import { EDITIONS, FIRMWARES, OSES } from '../support/targets.js';

/** Microsoft's published generic install keys; only their form matters here. */
const PRODUCT_KEYS: Record<WindowsOs, string> = {
  w10: 'VK7JG-NPHTM-C97JM-9MPGT-3V66T',
  w11: 'VK7JG-NPHTM-C97JM-9MPGT-3V66T',
  '2k19': 'WMDGN-G9PQG-XVVXX-R3X43-63DFG',
  '2k22': 'WX4NM-KYWYW-QJJR4-XV3QB-6VM33',
  '2k25': 'D764K-2NDRG-47T6Q-P8T8W-YP6DF',
};
const REGIONS = [
  { timezone: 'UTC', locale: 'en-US' },
  { timezone: 'W. Europe Standard Time', locale: 'de-DE' },
  { timezone: 'Tokyo Standard Time', locale: 'ja-JP', uiLanguage: 'en-US' },
] as const;

function input(os: WindowsOs, firmware: Firmware, overrides: Partial<AnswerFileInput> = {}): AnswerFileInput {
  return {
    username: 'smolvm',
    password: `p&ss<w>"rd'`,
    hostname: 'smolvm-win',
    edition: EDITIONS[os],
    os,
    firmware,
    timezone: 'UTC',
    locale: 'en-US',
    ...overrides,
  };
}

// ---- a small DOM over fast-xml-parser's ordered output -------------------------------------------------------

interface Element {
  name: string;
  attributes: Record<string, string>;
  children: Element[];
  /** The element's own text (all its text nodes, as they are). */
  text: string;
  /** Namespace prefixes in scope ('' is the default namespace). */
  namespaces: Record<string, string>;
}

type OrderedNode = Record<string, unknown>;
const orderedParser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  commentPropName: '#comment',
});

function toElement(node: OrderedNode, inherited: Record<string, string>): Element | undefined {
  const name = Object.keys(node).find((key) => key !== ':@');
  if (name === undefined || name === '#text' || name === '#comment' || name.startsWith('?')) return undefined;
  const attributes = (node[':@'] ?? {}) as Record<string, string>;
  const namespaces = { ...inherited };
  for (const [attribute, value] of Object.entries(attributes)) {
    if (attribute === 'xmlns') namespaces[''] = value;
    else if (attribute.startsWith('xmlns:')) namespaces[attribute.slice('xmlns:'.length)] = value;
  }
  const element: Element = { name, attributes, children: [], text: '', namespaces };
  for (const child of node[name] as OrderedNode[]) {
    if ('#text' in child) element.text += String(child['#text']);
    else {
      const sub = toElement(child, namespaces);
      if (sub) element.children.push(sub);
    }
  }
  return element;
}

function parseDocument(xml: string): Element {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed XML: ${JSON.stringify(valid.err)}`);
  const roots = (orderedParser.parse(xml) as OrderedNode[])
    .map((node) => toElement(node, {}))
    .filter((e): e is Element => e !== undefined);
  if (roots.length !== 1) throw new Error(`expected one root element, found ${roots.length}`);
  return roots[0]!;
}

// ---- the checks ---------------------------------------------------------------------------------------------

const STRUCTURAL_ATTRIBUTE = /^xmlns(:|$)/;

function holds(element: Element, condition: Condition): boolean {
  const [name, value] = condition.split('=', 2) as [string, string | undefined];
  const child = element.children.find((c) => c.name === name);
  if (!child) return false;
  return value === undefined || child.text.trim() === value;
}

function checkRule(element: Element, rule: Rule, where: string): string[] {
  switch (rule.kind) {
    case 'required': {
      const missing = rule.children.filter((name) => !holds(element, name));
      return missing.length === 0 ? [] : [`${where}: missing ${missing.join(', ')} (${rule.why})`];
    }
    case 'exactlyOne': {
      const met = rule.of.filter((condition) => holds(element, condition));
      return met.length === 1
        ? []
        : [
            `${where}: exactly one of ${rule.of.join(' | ')} must hold, found [${met.join(', ')}] (${rule.why})`,
          ];
    }
    case 'ifThen':
      return holds(element, rule.if) && !holds(element, rule.then)
        ? [`${where}: ${rule.if} requires ${rule.then} (${rule.why})`]
        : [];
  }
}

function checkValue(element: Element, rule: ValueRule, where: string): string[] {
  if (rule.kind === 'container') {
    const problems: string[] = [];
    if (element.text.trim() !== '')
      problems.push(`${where}: a container with text ${JSON.stringify(element.text)}`);
    if (element.children.length === 0) problems.push(`${where}: an empty container`);
    return problems;
  }
  if (element.children.length > 0) return [`${where}: a value setting with child elements`];
  const text = element.text;
  const bad = (why: string) => [`${where}: ${JSON.stringify(text)} ${why}`];
  switch (rule.kind) {
    case 'boolean':
      return text === 'true' || text === 'false' ? [] : bad('is not true or false');
    case 'enum':
      return rule.values.includes(text) ? [] : bad(`is not one of ${rule.values.join(', ')}`);
    case 'integer': {
      if (!/^\d+$/.test(text)) return bad('is not an integer');
      const n = Number(text);
      if (n < rule.min || (rule.max !== undefined && n > rule.max)) {
        return bad(`is outside ${rule.min}..${rule.max ?? '∞'}`);
      }
      return [];
    }
    case 'text': {
      if (rule.special?.includes(text)) return [];
      const problems: string[] = [];
      if (rule.nonEmpty && text === '') problems.push('is empty, which this setting does not allow');
      if (text !== text.trim()) problems.push('has leading or trailing white space');
      if (rule.maxLength !== undefined && [...text].length > rule.maxLength) {
        problems.push(`is longer than ${rule.maxLength} characters`);
      }
      if (rule.maxBytes !== undefined && Buffer.byteLength(text, 'utf8') > rule.maxBytes) {
        problems.push(`is longer than ${rule.maxBytes} bytes`);
      }
      const forbidden = rule.forbiddenChars ? [...text].filter((c) => rule.forbiddenChars!.includes(c)) : [];
      if (forbidden.length > 0) problems.push(`contains forbidden ${JSON.stringify(forbidden.join(''))}`);
      if (rule.pattern && !rule.pattern.test(text)) problems.push(`does not match ${String(rule.pattern)}`);
      if (rule.notPattern && rule.notPattern.test(text)) problems.push(`matches ${String(rule.notPattern)}`);
      if (rule.reserved?.some((r) => r.toLowerCase() === text.toLowerCase())) problems.push('is reserved');
      return problems.map((p) => `${where}: ${JSON.stringify(text)} ${p}`);
    }
  }
}

/** The wcm attribute's local name, if this attribute is in the wcm namespace. */
function wcmName(element: Element, attribute: string): string | undefined {
  const colon = attribute.indexOf(':');
  if (colon < 0) return undefined;
  const prefix = attribute.slice(0, colon);
  return element.namespaces[prefix] === WCM_NAMESPACE ? attribute.slice(colon + 1) : undefined;
}

function checkSetting(element: Element, pass: Pass, parentPath: string, problems: string[]): void {
  const settingPath = `${parentPath}/${element.name}`;
  const where = `${pass} ${settingPath}`;
  if (element.namespaces[''] !== UNATTEND_NAMESPACE) problems.push(`${where}: not in the unattend namespace`);
  const reference = settingReference(settingPath);
  if (!reference) {
    problems.push(
      `${where}: no row in __tests__/support/unattend-reference.ts (add one from Microsoft's page)`,
    );
    return;
  }
  if (!reference.passes.includes(pass)) {
    problems.push(`${where}: not valid in ${pass}; the reference allows ${reference.passes.join(', ')}`);
  }

  // Attributes: only wcm:action and wcm:keyValue, and only on list items.
  let action: string | undefined;
  let keyValue: string | undefined;
  for (const [attribute, value] of Object.entries(element.attributes)) {
    if (STRUCTURAL_ATTRIBUTE.test(attribute)) continue;
    const wcm = wcmName(element, attribute);
    if (wcm === 'action') action = value;
    else if (wcm === 'keyValue') keyValue = value;
    else if (attribute.includes(':') && !(attribute.split(':')[0]! in element.namespaces)) {
      problems.push(`${where}: attribute ${attribute} has an undeclared prefix`);
    } else {
      problems.push(`${where}: unexpected attribute ${attribute} (only wcm:${WCM_ATTRIBUTES.join('/wcm:')})`);
    }
  }
  if (reference.listItem) {
    if (action !== WCM_ADD) problems.push(`${where}: a list item needs wcm:action="${WCM_ADD}"`);
    if (reference.listItem.keyValue && !keyValue)
      problems.push(`${where}: a keyed list item needs wcm:keyValue`);
    if (!reference.listItem.keyValue && keyValue !== undefined) {
      problems.push(`${where}: wcm:keyValue on a list item keyed by a child element`);
    }
  } else if (action !== undefined || keyValue !== undefined) {
    problems.push(`${where}: wcm:action/wcm:keyValue on an element that is not a list item`);
  }

  problems.push(...checkValue(element, reference.value, where));
  for (const rule of reference.rules ?? []) problems.push(...checkRule(element, rule, where));
  checkChildren(element, pass, settingPath, problems);
}

/** Siblings: settings at most once, list items with distinct keys and Orders 1..n, then each child. */
function checkChildren(parent: Element, pass: Pass, parentPath: string, problems: string[]): void {
  const byName = new Map<string, Element[]>();
  for (const child of parent.children) byName.set(child.name, [...(byName.get(child.name) ?? []), child]);
  for (const [name, siblings] of byName) {
    const childPath = `${parentPath}/${name}`;
    const reference = settingReference(childPath);
    const where = `${pass} ${childPath}`;
    if (reference && !reference.listItem && siblings.length > 1) {
      problems.push(`${where}: appears ${siblings.length} times; only list items may repeat`);
    }
    if (reference?.listItem?.keyValue) {
      const keys = siblings.map(
        (s) => Object.entries(s.attributes).find(([a]) => wcmName(s, a) === 'keyValue')?.[1],
      );
      if (new Set(keys).size !== keys.length)
        problems.push(`${where}: duplicate wcm:keyValue in ${keys.join(', ')}`);
    }
    if (reference?.listItem?.order) {
      const orders = siblings.map((s) => s.children.find((c) => c.name === 'Order')?.text ?? '(none)');
      const expected = siblings.map((_, i) => String(i + 1));
      if (orders.join(',') !== expected.join(',')) {
        problems.push(`${where}: Orders are ${orders.join(', ')}; they must be ${expected.join(', ')}`);
      }
    }
  }
  for (const child of parent.children) checkSetting(child, pass, parentPath, problems);
}

interface CheckOptions {
  isServer: boolean;
  /** The template with its Mustache tags removed: check structure and passes only, not values or lists. */
  structureOnly?: boolean;
}

/** Everything that does not fit the reference, one line each; empty when the file is right. */
function referenceProblems(xml: string, options: CheckOptions): string[] {
  const problems: string[] = [];
  const root = parseDocument(xml);
  if (root.name !== 'unattend') problems.push(`the root element is ${root.name}, not unattend`);
  if (root.namespaces[''] !== UNATTEND_NAMESPACE)
    problems.push(`the root namespace is not ${UNATTEND_NAMESPACE}`);
  for (const [prefix, uri] of Object.entries(root.namespaces)) {
    if (prefix === 'wcm' && uri !== WCM_NAMESPACE) problems.push(`xmlns:wcm is ${uri}, not ${WCM_NAMESPACE}`);
  }

  const passesSeen: Pass[] = [];
  for (const settings of root.children) {
    if (settings.name !== 'settings') {
      problems.push(`unexpected <${settings.name}> under <unattend>`);
      continue;
    }
    const pass = settings.attributes.pass as Pass;
    if (!PASSES.includes(pass)) {
      problems.push(`<settings pass="${pass}">: not a configuration pass`);
      continue;
    }
    if (passesSeen.includes(pass)) problems.push(`${pass}: a second <settings> for the same pass`);
    passesSeen.push(pass);
    const componentsSeen = new Set<string>();
    for (const component of settings.children) {
      const name = component.attributes.name ?? '';
      const where = `${pass} ${name || `<${component.name}>`}`;
      if (component.name !== 'component') {
        problems.push(`${where}: <${component.name}> directly under <settings>`);
        continue;
      }
      if (componentsSeen.has(name)) problems.push(`${where}: the component appears twice in this pass`);
      componentsSeen.add(name);
      const reference = componentReference(name);
      if (!reference) {
        problems.push(`${where}: no component row in __tests__/support/unattend-reference.ts`);
        continue;
      }
      if (!reference.passes.includes(pass)) {
        problems.push(`${where}: not valid in ${pass}; the reference allows ${reference.passes.join(', ')}`);
      }
      if (reference.editions === 'server' && !options.isServer)
        problems.push(`${where}: Windows Server only`);
      if (reference.editions === 'client' && options.isServer) problems.push(`${where}: client Windows only`);
      const identity = Object.fromEntries(
        Object.entries(component.attributes).filter(([a]) => a !== 'name' && !STRUCTURAL_ATTRIBUTE.test(a)),
      );
      if (
        JSON.stringify(Object.entries(identity).sort()) !==
        JSON.stringify(Object.entries(COMPONENT_ATTRIBUTES).sort())
      ) {
        problems.push(
          `${where}: attributes ${JSON.stringify(identity)}, expected ${JSON.stringify(COMPONENT_ATTRIBUTES)}`,
        );
      }
      if (component.text.trim() !== '') problems.push(`${where}: text directly in the component`);
      if (options.structureOnly) collectStructure(component, pass, name, problems);
      else checkChildren(component, pass, name, problems);
    }
  }
  const inOrder = PASSES.filter((p) => passesSeen.includes(p));
  if (passesSeen.join() !== inOrder.join()) problems.push(`passes in the order ${passesSeen.join(', ')}`);

  if (!options.structureOnly) {
    for (const required of REQUIRED_SETTINGS) {
      const found = findSetting(root, required.pass, required.path);
      if (!found) problems.push(`${required.pass} ${required.path}: missing (${required.why})`);
      else if (required.value !== undefined && found.text !== required.value) {
        problems.push(`${required.pass} ${required.path}: must be ${required.value} (${required.why})`);
      }
    }
  }
  return problems;
}

/** For the raw template: every element has a row and is valid in its pass; values and lists are not looked at. */
function collectStructure(element: Element, pass: Pass, elementPath: string, problems: string[]): void {
  for (const child of element.children) {
    const childPath = `${elementPath}/${child.name}`;
    const reference = settingReference(childPath);
    if (!reference) problems.push(`${pass} ${childPath}: no row in __tests__/support/unattend-reference.ts`);
    else if (!reference.passes.includes(pass)) {
      problems.push(
        `${pass} ${childPath}: not valid in ${pass}; the reference allows ${reference.passes.join(', ')}`,
      );
    }
    collectStructure(child, pass, childPath, problems);
  }
}

function findSetting(root: Element, pass: Pass, settingPath: string): Element | undefined {
  const [componentName, ...names] = settingPath.split('/');
  for (const settings of root.children.filter((s) => s.attributes.pass === pass)) {
    for (const component of settings.children.filter((c) => c.attributes.name === componentName)) {
      let current: Element | undefined = component;
      for (const name of names) current = current?.children.find((c) => c.name === name);
      if (current) return current;
    }
  }
  return undefined;
}

/** Every "pass component/path" the document contains. */
function emittedPaths(xml: string): Set<string> {
  const found = new Set<string>();
  const walk = (element: Element, pass: string, elementPath: string) => {
    for (const child of element.children) {
      found.add(`${pass} ${elementPath}/${child.name}`);
      walk(child, pass, `${elementPath}/${child.name}`);
    }
  };
  for (const settings of parseDocument(xml).children) {
    for (const component of settings.children) {
      found.add(`${settings.attributes.pass} ${component.attributes.name}`);
      walk(component, settings.attributes.pass ?? '', component.attributes.name ?? '');
    }
  }
  return found;
}

/** The template with every Mustache tag removed: all sections at once, with empty values. */
function templateSkeleton(): string {
  const template = readFileSync(path.join(templatesDir(), 'autounattend.xml.mustache'), 'utf8');
  return template.replace(/\{\{\{?[^{}]*\}?\}\}/g, '');
}

// ---- the table itself ------------------------------------------------------------------------------------------

describe('the unattend reference table', () => {
  it('has one row per component and per setting, every setting under a known component and parent', () => {
    const names = COMPONENTS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    const paths = SETTINGS.map((s) => s.path);
    expect(paths.filter((p, i) => paths.indexOf(p) !== i)).toEqual([]);
    for (const setting of SETTINGS) {
      const [component, ...rest] = setting.path.split('/');
      expect({ path: setting.path, component: componentReference(component!)?.name }).toEqual({
        path: setting.path,
        component,
      });
      if (rest.length > 1) {
        const parent = setting.path.slice(0, setting.path.lastIndexOf('/'));
        expect({ path: setting.path, parentRow: settingReference(parent)?.value.kind }).toEqual({
          path: setting.path,
          parentRow: 'container',
        });
      }
    }
  });

  it("keeps each setting's passes within its component's passes", () => {
    for (const setting of SETTINGS) {
      const component = componentReference(setting.path.split('/')[0]!)!;
      expect({
        path: setting.path,
        outside: setting.passes.filter((p) => !component.passes.includes(p)),
      }).toEqual({ path: setting.path, outside: [] });
      expect(setting.passes.length).toBeGreaterThan(0);
      expect(setting.passes.every((p) => PASSES.includes(p))).toBe(true);
    }
  });

  it("cites each setting's own Microsoft page, named after its path", () => {
    for (const setting of SETTINGS) {
      expect({ path: setting.path, source: setting.source }).toEqual({
        path: setting.path,
        source: REFERENCE_BASE + setting.path.toLowerCase().replaceAll('/', '-'),
      });
    }
    for (const component of COMPONENTS) {
      expect(component.source).toBe(REFERENCE_BASE + component.name.toLowerCase());
    }
  });

  it('names only children that have rows in its rules', () => {
    for (const setting of SETTINGS) {
      for (const rule of setting.rules ?? []) {
        const conditions =
          rule.kind === 'required'
            ? rule.children
            : rule.kind === 'exactlyOne'
              ? rule.of
              : [rule.if, rule.then];
        for (const condition of conditions) {
          const child = `${setting.path}/${condition.split('=')[0]!}`;
          const known = settingReference(child) !== undefined;
          expect({ rule: `${setting.path}: ${condition}`, known }).toEqual({
            rule: `${setting.path}: ${condition}`,
            known: true,
          });
        }
      }
    }
  });

  it('states the value rules the brief names', () => {
    const text = (p: string) => settingReference(p)!.value;
    expect(text('Microsoft-Windows-Shell-Setup/ComputerName')).toEqual(
      expect.objectContaining({ maxBytes: 15 }),
    );
    for (const p of [
      'Microsoft-Windows-Setup/UserData/ProductKey/WillShowUI',
      'Microsoft-Windows-Setup/DiskConfiguration/WillShowUI',
      'Microsoft-Windows-Setup/ImageInstall/OSImage/WillShowUI',
      'Microsoft-Windows-Setup/DynamicUpdate/WillShowUI',
    ]) {
      expect(text(p)).toEqual({ kind: 'enum', values: WILL_SHOW_UI_VALUES });
    }
    expect(text('Microsoft-Windows-Shell-Setup/OOBE/ProtectYourPC')).toEqual({
      kind: 'enum',
      values: ['1', '2', '3'],
    });
    for (const zone of [
      'UTC',
      'UTC-11',
      'UTC+12',
      'W. Europe Standard Time',
      'Pacific Standard Time_dstoff',
      'Pacific Standard Time (Mexico)',
      'Russia Time Zone 3',
      'Aus Central W. Standard Time',
      'Turks And Caicos Standard Time',
    ]) {
      expect(WINDOWS_TIME_ZONE_ID.test(zone)).toBe(true);
    }
    for (const zone of ['Europe/Berlin', 'CET', 'utc', 'Pacific Time'])
      expect(WINDOWS_TIME_ZONE_ID.test(zone)).toBe(false);
  });
});

// ---- every rendered answer file --------------------------------------------------------------------------------

describe.each(OSES)('the %s answer file, checked against the reference', (os) => {
  const isServer = WINDOWS_TARGETS[os].isServer;
  describe.each(FIRMWARES)('with firmware %s', (firmware) => {
    it.each([false, true])('with a product key: %s, in every region', (withKey) => {
      for (const region of REGIONS) {
        const xml = renderAnswerFile(
          input(os, firmware, { ...region, productKey: withKey ? PRODUCT_KEYS[os] : undefined }),
        );
        expect({ region: region.locale, problems: referenceProblems(xml, { isServer }) }).toEqual({
          region: region.locale,
          problems: [],
        });
      }
    });
  });
});

describe('coverage of the template', () => {
  it('has a reference row, valid in its pass, for every element of every section of the template', () => {
    // Both firmware sections and both server/client sections at once; isServer does not matter here
    // because server-only components are checked on the rendered files above.
    const problems = referenceProblems(templateSkeleton(), { isServer: true, structureOnly: true });
    expect(problems).toEqual([]);
  });

  it('renders no element that the raw template does not have (the skeleton really is complete)', () => {
    const skeleton = emittedPaths(templateSkeleton());
    for (const os of OSES) {
      for (const firmware of FIRMWARES) {
        const rendered = emittedPaths(
          renderAnswerFile(input(os, firmware, { productKey: PRODUCT_KEYS[os] })),
        );
        expect([...rendered].filter((p) => !skeleton.has(p))).toEqual([]);
      }
    }
  });
});

// ---- the checker itself fails where it should -----------------------------------------------------------------

describe('the reference check', () => {
  const good = renderAnswerFile(input('w11', 'uefi'));
  const check = (xml: string) => referenceProblems(xml, { isServer: false });

  it('accepts the rendered file as it is', () => {
    expect(check(good)).toEqual([]);
  });

  it.each([
    [
      'ComputerName moved to oobeSystem',
      (xml: string) =>
        xml
          .replace(/\s*<ComputerName>smolvm-win<\/ComputerName>/, '')
          .replace(
            '<TimeZone>UTC</TimeZone>\n      <!--',
            '<ComputerName>smolvm-win</ComputerName><TimeZone>UTC</TimeZone>\n      <!--',
          ),
      /oobeSystem Microsoft-Windows-Shell-Setup\/ComputerName: not valid in oobeSystem/,
    ],
    [
      'a component in a pass it is not valid in',
      (xml: string) => xml.replace('<settings pass="specialize">', '<settings pass="windowsPE">'),
      /windowsPE Microsoft-Windows-Shell-Setup: not valid in windowsPE/,
    ],
    [
      'a list item without wcm:action',
      (xml: string) => xml.replace('<LocalAccount wcm:action="add">', '<LocalAccount>'),
      /LocalAccount: a list item needs wcm:action="add"/,
    ],
    [
      'a driver path without its key',
      (xml: string) => xml.replace(/ wcm:keyValue="1"/, ''),
      /PathAndCredentials: a keyed list item needs wcm:keyValue/,
    ],
    [
      'a gap in the partition Orders',
      (xml: string) =>
        xml.replace(
          '<Order>2</Order>\n              <Type>MSR</Type>',
          '<Order>4</Order>\n              <Type>MSR</Type>',
        ),
      /CreatePartition: Orders are 1, 4, 3; they must be 1, 2, 3/,
    ],
    [
      'another public key token',
      (xml: string) => xml.replace('publicKeyToken="31bf3856ad364e35"', 'publicKeyToken="0000000000000000"'),
      /International-Core-WinPE: attributes/,
    ],
    [
      'the wcm prefix bound to another namespace',
      (xml: string) => xml.replace(WCM_NAMESPACE, 'http://example.com/wcm'),
      /xmlns:wcm is http:\/\/example.com\/wcm/,
    ],
    [
      'an unknown setting',
      (xml: string) => xml.replace('<HideEULAPage>', '<SkipMachineOOBE>true</SkipMachineOOBE><HideEULAPage>'),
      /OOBE\/SkipMachineOOBE: no row/,
    ],
    [
      'an invalid WillShowUI',
      (xml: string) =>
        xml.replace(
          '<WillShowUI>Never</WillShowUI>\n        </ProductKey>',
          '<WillShowUI>never</WillShowUI>\n        </ProductKey>',
        ),
      /ProductKey\/WillShowUI: "never" is not one of OnError, Never, Always/,
    ],
    [
      'ProtectYourPC 4',
      (xml: string) => xml.replace('<ProtectYourPC>3</ProtectYourPC>', '<ProtectYourPC>4</ProtectYourPC>'),
      /ProtectYourPC: "4" is not one of 1, 2, 3/,
    ],
    [
      'a 16-character computer name',
      (xml: string) =>
        xml.replace(
          '<ComputerName>smolvm-win</ComputerName>',
          '<ComputerName>smolvm-win-12345</ComputerName>',
        ),
      /ComputerName: "smolvm-win-12345" is longer than 15 bytes/,
    ],
    [
      'an IANA time zone',
      (xml: string) => xml.replaceAll('<TimeZone>UTC</TimeZone>', '<TimeZone>Europe/Berlin</TimeZone>'),
      /TimeZone: "Europe\/Berlin" does not match/,
    ],
    [
      'a partition with both Size and Extend',
      (xml: string) => xml.replace('<Extend>true</Extend>', '<Size>1000</Size><Extend>true</Extend>'),
      /CreatePartition: exactly one of Size \| Extend=true must hold/,
    ],
    [
      'AutoLogon without LogonCount',
      (xml: string) => xml.replace(/\s*<LogonCount>1<\/LogonCount>/, ''),
      /AutoLogon: missing LogonCount/,
    ],
    [
      'no AcceptEula',
      (xml: string) => xml.replace('<AcceptEula>true</AcceptEula>', '<AcceptEula>false</AcceptEula>'),
      /AcceptEula: must be true/,
    ],
    [
      'an empty product key',
      (xml: string) => xml.replace('<ProductKey>', '<ProductKey><Key></Key>'),
      /ProductKey\/Key: "" is empty/,
    ],
  ])('fails for %s', (_what, mutate, expected) => {
    const broken = mutate(good);
    expect(broken).not.toBe(good);
    expect(check(broken).join('\n')).toMatch(expected);
  });

  it('fails for a server-only component in a client answer file', () => {
    const server = renderAnswerFile(input('2k22', 'uefi'));
    expect(referenceProblems(server, { isServer: true })).toEqual([]);
    expect(referenceProblems(server, { isServer: false }).join('\n')).toMatch(
      /ServerManager-SvrMgrNc: Windows Server only/,
    );
  });

  it('fails for a template element without a reference row', () => {
    const skeleton = templateSkeleton().replace(
      '<HideEULAPage>',
      '<HideSomethingNew>true</HideSomethingNew><HideEULAPage>',
    );
    expect(referenceProblems(skeleton, { isServer: true, structureOnly: true })).toEqual([
      'oobeSystem Microsoft-Windows-Shell-Setup/OOBE/HideSomethingNew: no row in __tests__/support/unattend-reference.ts',
    ]);
  });
});
