/**
 * src/domain is pure TypeScript (see src/domain/README.md): it runs in the page, in Web Workers and in
 * Node, so no file there may import React, zustand, Cornerstone or the ONNX runtimes, or reach for the
 * DOM or the network. ESLint says the same (eslint.config.js); this test keeps it true without lint.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DOMAIN = join(REPO_ROOT, 'src/domain');

const FORBIDDEN_MODULES = [/^react($|\/)/, /^react-dom($|\/)/, /^zustand($|\/)/, /^@cornerstonejs\//, /^onnxruntime-(web|node)($|\/)/];
const FORBIDDEN_GLOBALS = new Set(['fetch', 'window', 'document', 'localStorage', 'indexedDB', 'XMLHttpRequest', 'navigator', 'self']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Names bound in the file (declarations, parameters, imports): a local `document` is not the DOM's. */
function declaredNames(sf: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node) => {
    const name = (node as { name?: ts.Node }).name;
    if (
      name &&
      ts.isIdentifier(name) &&
      (ts.isVariableDeclaration(node) ||
        ts.isParameter(node) ||
        ts.isFunctionDeclaration(node) ||
        ts.isBindingElement(node) ||
        ts.isImportSpecifier(node) ||
        ts.isNamespaceImport(node) ||
        ts.isImportClause(node))
    ) {
      names.add(name.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return names;
}

/** Identifiers used as values that are not property names, object keys or type positions. */
function isFreeReference(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if (ts.isQualifiedName(parent)) return false;
  if (
    (ts.isPropertyAssignment(parent) ||
      ts.isPropertyDeclaration(parent) ||
      ts.isPropertySignature(parent) ||
      ts.isMethodDeclaration(parent) ||
      ts.isMethodSignature(parent)) &&
    parent.name === node
  )
    return false;
  if (ts.isBindingElement(parent) && parent.propertyName === node) return false;
  if (ts.isTypeReferenceNode(parent) || ts.isImportSpecifier(parent) || ts.isExportSpecifier(parent)) return false;
  return true;
}

/** Every violation in one file's source text, as "file: what". */
export function domainViolations(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const local = declaredNames(sf);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    let specifier: string | undefined;
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier))
      specifier = node.moduleSpecifier.text;
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0]))
      specifier = node.arguments[0].text;
    if (specifier !== undefined) {
      if (FORBIDDEN_MODULES.some((pattern) => pattern.test(specifier))) found.push(`${file}: imports ${specifier}`);
      if (specifier.startsWith('.') && relative(DOMAIN, join(REPO_ROOT, dirname(file), specifier)).startsWith('..'))
        found.push(`${file}: imports ${specifier}, outside src/domain`);
    }
    if (ts.isIdentifier(node) && FORBIDDEN_GLOBALS.has(node.text) && !local.has(node.text) && isFreeReference(node))
      found.push(`${file}: uses the global ${node.text}`);
    if (ts.isPropertyAccessExpression(node) && node.expression.getText(sf) === 'globalThis' && FORBIDDEN_GLOBALS.has(node.name.text))
      found.push(`${file}: uses globalThis.${node.name.text}`);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe('src/domain is pure', () => {
  const files = sourceFiles(DOMAIN);

  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it('imports no React, zustand, Cornerstone or ONNX runtime, and uses no DOM or network global', () => {
    const violations = files.flatMap((path) => domainViolations(relative(REPO_ROOT, path), readFileSync(path, 'utf8')));
    expect(violations).toEqual([]);
  });

  it('would catch a violation (the check itself works)', () => {
    const bad = [
      "import { create } from 'zustand';",
      "import { RenderingEngine } from '@cornerstonejs/core';",
      "export const load = () => fetch('/x');",
      'export const width = () => window.innerWidth;',
      "export const key = () => globalThis.localStorage.getItem('k');",
      "import { useWorklist } from '../services/worklist/store';",
    ].join('\n');
    expect(domainViolations('src/domain/example.ts', bad)).toEqual([
      'src/domain/example.ts: imports zustand',
      'src/domain/example.ts: imports @cornerstonejs/core',
      'src/domain/example.ts: uses the global fetch',
      'src/domain/example.ts: uses the global window',
      'src/domain/example.ts: uses globalThis.localStorage',
      'src/domain/example.ts: imports ../services/worklist/store, outside src/domain',
    ]);
    const fine = [
      'export function draw(document: { title: string }) { return document.title; }',
      'export const sizeOf = (w: { window: number }) => w.window;',
    ].join('\n');
    expect(domainViolations('src/domain/example.ts', fine)).toEqual([]);
  });
});
