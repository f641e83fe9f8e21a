import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** Metric names used by the alert rules and the Grafana dashboard beside this file, for the tests. */

const FOLDER = new URL('./', import.meta.url);

const PROMQL_WORDS = new Set([
  'sum',
  'min',
  'max',
  'avg',
  'count',
  'rate',
  'irate',
  'increase',
  'delta',
  'histogram_quantile',
  'clamp_min',
  'clamp_max',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'and',
  'or',
  'unless',
  'offset',
  'abs',
  'topk',
  'max_over_time',
  'min_over_time',
  'avg_over_time',
  'absent',
  'vector',
  'time',
  'le',
]);

/** The metric names a PromQL expression reads (label matchers, groupings and ranges left out). */
export function metricNamesIn(expression: string): string[] {
  const bare = expression
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  return [...bare.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)]
    .map((match) => match[0])
    .filter((word) => !PROMQL_WORDS.has(word) && !/^\d/.test(word));
}

export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export function alertRules(): AlertRule[] {
  const document = parse(readFileSync(new URL('alerts.yml', FOLDER), 'utf8')) as {
    groups: Array<{ name: string; rules: AlertRule[] }>;
  };
  return document.groups.flatMap((group) => group.rules);
}

export function dashboardExpressions(): string[] {
  const dashboard = JSON.parse(readFileSync(new URL('grafana-dashboard.json', FOLDER), 'utf8')) as {
    panels: Array<{ targets?: Array<{ expr: string }> }>;
  };
  return dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr));
}

/** Every metric name the alert rules and the dashboard read. */
export function referencedMetricNames(): Set<string> {
  return new Set(
    [...alertRules().map((rule) => rule.expr), ...dashboardExpressions()].flatMap(metricNamesIn),
  );
}
