/**
 * Checks that need the whole pipeline: names that refer to other parts exist, connections are used in a
 * direction their system allows, merge keys are mapped, dependencies form no cycle. Run after the schema
 * check has passed.
 */
import { closestName } from './closest-name.ts';
import type { Pipeline } from './schema/pipeline.ts';
import { hasOwnName, ownEntry } from './own-names.ts';
import { formatPath, type Problem } from './problems.ts';

/** What a system can be used for, as the connector list says (the model knows no connector itself). */
export interface SystemRule {
  /** Absent when the one describing it does not say (an older studio host): then not checked for direction. */
  readonly roles?: readonly ('source' | 'destination')[];
  /** The system runs a job after a load (`target.afterLoad`); its name as messages say it. */
  readonly afterLoad?: string;
  /** Address parts that name a file or folder on this machine (the connector's parts of kind "path"). */
  readonly pathParts?: readonly string[];
  /** Address parts that hold a stored secret's name, never its value (the connector's parts of kind "secret"). */
  readonly secretParts?: readonly string[];
  /** The most records the system serves in one page, when it has a limit (a larger `source.pageSize` is refused). */
  readonly maxPageSize?: number;
}

/**
 * By `connection.system`: the systems there are. Once rules are installed, a connection naming a system
 * not listed is a problem (unknown-system). With none installed (the model used on its own, as in its
 * tests) nothing is known, so any well-formed id passes and only names are checked.
 */
export type SystemRules = Readonly<Record<string, SystemRule>>;

let installed: SystemRules = {};

/**
 * The rules every pipeline check uses from now on, given once by whoever knows the connectors (the CLI
 * and the studio's host, from the connector registry; the studio's window, from the systems catalog).
 * Until then only names are checked, not directions.
 */
export function installSystemRules(rules: SystemRules): void {
  installed = rules;
}

export function installedSystemRules(): SystemRules {
  return installed;
}

/** Why a page size is refused for a system serving at most `limit` per page (the system named as the file names it). */
export function pageSizeOverLimit(pageSize: number, limit: number, system: string): string {
  return `${system} serves at most ${limit.toLocaleString('en-US')} records per page; a page size of ${pageSize.toLocaleString('en-US')} would be refused. Use ${limit.toLocaleString('en-US')} or less.`;
}

function error(path: PropertyKey[], code: string, message: string): Problem {
  return { path: formatPath(path), code, message, severity: 'error' };
}

function listOf(names: Iterable<string>): string {
  const all = [...names];
  return all.length === 0 ? 'none are defined' : `defined: ${all.join(', ')}`;
}

/** Connections naming a system the installed rules do not list; none when no rules are installed. */
function checkSystems(pipeline: Pipeline, rules: SystemRules): Problem[] {
  const known = Object.keys(rules);
  if (known.length === 0) return [];
  return Object.entries(pipeline.connections).flatMap(([name, connection]) => {
    if (hasOwnName(rules, connection.system)) return [];
    const suggestion = closestName(connection.system, known);
    const hint = suggestion === undefined ? '' : `Did you mean "${suggestion}"? `;
    return [
      error(
        ['connections', name, 'system'],
        'unknown-system',
        `There is no system "${connection.system}" in this version. ${hint}(known: ${known.join(', ')}).`,
      ),
    ];
  });
}

export function checkReferences(pipeline: Pipeline, rules: SystemRules = installed): Problem[] {
  const problems: Problem[] = checkSystems(pipeline, rules);
  const jobRunners = Object.values(rules).flatMap((rule) => (rule.afterLoad === undefined ? [] : [rule.afterLoad]));
  const connections = Object.keys(pipeline.connections);
  const streams = Object.keys(pipeline.streams);
  for (const [name, stream] of Object.entries(pipeline.streams)) {
    const at = ['streams', name];
    const source = ownEntry(pipeline.connections, stream.source.connection);
    if (!source) {
      problems.push(
        error(
          [...at, 'source', 'connection'],
          'unknown-connection',
          `There is no connection named "${stream.source.connection}" (${listOf(connections)}).`,
        ),
      );
    } else if (ownEntry(rules, source.system)?.roles?.includes('source') === false) {
      problems.push(
        error(
          [...at, 'source', 'connection'],
          'wrong-direction',
          `"${stream.source.connection}" is a ${source.system} connection, which can only be written to.`,
        ),
      );
    }
    const target = ownEntry(pipeline.connections, stream.target.connection);
    if (!target) {
      problems.push(
        error(
          [...at, 'target', 'connection'],
          'unknown-connection',
          `There is no connection named "${stream.target.connection}" (${listOf(connections)}).`,
        ),
      );
    } else if (ownEntry(rules, target.system)?.roles?.includes('destination') === false) {
      problems.push(
        error(
          [...at, 'target', 'connection'],
          'wrong-direction',
          `"${stream.target.connection}" is a ${target.system} connection, which can only be read from.`,
        ),
      );
    }
    const pageLimit = source && ownEntry(rules, source.system)?.maxPageSize;
    if (
      source &&
      pageLimit !== undefined &&
      stream.source.pageSize !== undefined &&
      stream.source.pageSize > pageLimit
    ) {
      problems.push(
        error(
          [...at, 'source', 'pageSize'],
          'page-size-over-limit',
          pageSizeOverLimit(stream.source.pageSize, pageLimit, source.system),
        ),
      );
    }
    const targetRule = target && ownEntry(rules, target.system);
    if (stream.target.afterLoad && target && targetRule !== undefined && targetRule.afterLoad === undefined) {
      const feature =
        jobRunners.length === 0 ? 'not available in this version' : `a ${jobRunners.join(' or ')} feature`;
      problems.push(
        error(
          [...at, 'target', 'afterLoad'],
          'after-load-unsupported',
          `Running a job after the load is ${feature}; "${stream.target.connection}" is a ${target.system} connection.`,
        ),
      );
    }
    const columns = Object.keys(stream.mappings);
    if (columns.length === 0) {
      problems.push(
        error(
          [...at, 'mappings'],
          'no-columns',
          'Map at least one column: drag a source field onto a destination column.',
        ),
      );
    }
    if (stream.target.writeMode === 'merge' && !stream.target.mergeKey) {
      problems.push(
        error(
          [...at, 'target', 'mergeKey'],
          'merge-needs-key',
          'A merge needs a merge key: the destination columns that identify a row (usually the mapped source key).',
        ),
      );
    }
    for (const [index, column] of (stream.target.mergeKey ?? []).entries()) {
      const mapping = ownEntry(stream.mappings, column);
      if (!mapping) {
        problems.push(
          error(
            [...at, 'target', 'mergeKey', index],
            'unknown-column',
            `The merge key column "${column}" has no mapping (mapped columns: ${columns.join(', ') || 'none'}).`,
          ),
        );
      } else if (!mapping.required) {
        problems.push({
          ...error(
            [...at, 'mappings', column, 'required'],
            'merge-key-optional',
            `"${column}" is part of the merge key, so it should be required: a row without it cannot be matched.`,
          ),
          severity: 'warning',
        });
      }
    }
    for (const [index, column] of (stream.target.holdTogether ?? []).entries()) {
      if (!hasOwnName(stream.mappings, column)) {
        problems.push(
          error(
            [...at, 'target', 'holdTogether', index],
            'unknown-column',
            `The hold-together column "${column}" has no mapping (mapped columns: ${columns.join(', ') || 'none'}).`,
          ),
        );
      }
    }
    for (const [index, dependency] of (stream.dependsOn ?? []).entries()) {
      if (!hasOwnName(pipeline.streams, dependency)) {
        problems.push(
          error(
            [...at, 'dependsOn', index],
            'unknown-stream',
            `There is no stream named "${dependency}" (${listOf(streams)}).`,
          ),
        );
      } else if (dependency === name) {
        problems.push(error([...at, 'dependsOn', index], 'dependency-cycle', `"${name}" cannot depend on itself.`));
      }
    }
  }
  const cycle = findDependencyCycle(pipeline);
  if (cycle && cycle.length > 1) {
    problems.push(
      error(
        ['streams', cycle[0]!, 'dependsOn'],
        'dependency-cycle',
        `These streams wait on each other, so none could start: ${[...cycle, cycle[0]].join(' -> ')}.`,
      ),
    );
  }
  return problems;
}

/** Streams in the order they run: every stream after the ones it depends on, otherwise file order. */
export function streamRunOrder(pipeline: Pipeline): string[] {
  const order: string[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const place = (name: string): void => {
    const stream = ownEntry(pipeline.streams, name);
    if (placed.has(name) || visiting.has(name) || !stream) return;
    visiting.add(name);
    for (const dependency of stream.dependsOn ?? []) place(dependency);
    visiting.delete(name);
    placed.add(name);
    order.push(name);
  };
  for (const name of Object.keys(pipeline.streams)) place(name);
  return order;
}

/** A cycle as the list of stream names in it, or undefined. */
export function findDependencyCycle(pipeline: Pipeline): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): string[] | undefined => {
    const stream = ownEntry(pipeline.streams, name);
    if (state.get(name) === 'done' || !stream) return undefined;
    if (state.get(name) === 'visiting') return stack.slice(stack.indexOf(name));
    state.set(name, 'visiting');
    stack.push(name);
    for (const dependency of stream.dependsOn ?? []) {
      const cycle = visit(dependency);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(name, 'done');
    return undefined;
  };
  for (const name of Object.keys(pipeline.streams)) {
    const cycle = visit(name);
    if (cycle) return cycle;
  }
  return undefined;
}
