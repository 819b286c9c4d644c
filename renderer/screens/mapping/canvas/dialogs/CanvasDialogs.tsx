/** The question the canvas is waiting on, if any: replace a formula, name a new column, pick a column for a field, or auto-map's preview. */
import type { MappingDefinition } from '../../../../../engine/model/index.ts';
import type { useCanvasActions } from '../use-canvas-actions.ts';
import { AutoMapDialog } from './AutoMapDialog.tsx';
import { NewColumnDialog } from './NewColumnDialog.tsx';
import { PickColumnDialog } from './PickColumnDialog.tsx';
import { ReplaceFormulaDialog } from './ReplaceFormulaDialog.tsx';

export interface CanvasDialogsProps {
  readonly actions: ReturnType<typeof useCanvasActions>;
  readonly taken: Readonly<Record<string, MappingDefinition>>;
  onClose(): void;
}

export function CanvasDialogs({ actions, taken, onClose }: CanvasDialogsProps) {
  const pending = actions.pending;
  if (pending === null) return null;
  switch (pending.kind) {
    case 'replace':
      return (
        <ReplaceFormulaDialog
          {...pending}
          onReplace={() => actions.replace(pending.column, pending.field)}
          onKeep={onClose}
        />
      );
    case 'new-column':
      return (
        <NewColumnDialog
          {...pending}
          taken={new Set(Object.keys(taken))}
          onAdd={(name, type) => actions.addNewColumn(name, type, pending.field)}
          onCancel={onClose}
        />
      );
    case 'pick-column':
      return (
        <PickColumnDialog
          field={pending.field}
          columns={pending.columns}
          onPick={(column) => actions.pickColumn(column, pending.field)}
          onCancel={onClose}
        />
      );
    case 'auto-map':
      return (
        <AutoMapDialog
          plan={pending.plan}
          onApply={(addNew) => actions.applyPlan(pending.plan, addNew)}
          onCancel={onClose}
        />
      );
  }
}
