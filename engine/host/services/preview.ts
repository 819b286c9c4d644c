/** Preview: the engine's own preview (same code path as a run), plus where each column's value comes from. */
import { fieldsRead } from '../../mapping/index.ts';
import { previewStream } from '../../runner/index.ts';
import { jsonRow, loadRef, type HostContext, type PipelineRefInput } from './context.ts';

export function previewService(context: HostContext) {
  return {
    async stream(request: { pipeline: PipelineRefInput; stream: string; limit?: number | undefined }) {
      const loaded = loadRef(context, request.pipeline);
      const result = await previewStream(loaded, {
        stream: request.stream,
        ...(request.limit !== undefined ? { limit: request.limit } : {}),
        resolveSecret: (name) => context.secrets.resolve(name),
      });
      const mappings = loaded.pipeline.streams[result.stream]!.mappings;
      return {
        stream: result.stream,
        columns: result.columns.map((name) => {
          const expression = mappings[name]?.expression ?? '';
          const read = fieldsRead(expression);
          return { name, expression, fields: read.fields.map((use) => use.path), lookups: read.lookups.map((use) => use.table) };
        }),
        rows: result.rows.map(jsonRow),
        held: result.held.map((held) => ({ sourceRecord: jsonRow(held.sourceRecord), reasons: held.reasons.map((r) => ({ column: r.column, code: r.code, message: r.message })) })),
        read: result.read,
      };
    },
  };
}
