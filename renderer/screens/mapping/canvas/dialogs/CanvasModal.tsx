/** A dialog over the studio in the studio's look; Escape closes it. Focus goes to its first control. */
import type { ReactNode } from 'react';

export function CanvasModal({
  title,
  onClose,
  children,
  wide = false,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
}) {
  return (
    <div className="modal-backdrop">
      <div
        className={`modal canvas-modal${wide ? ' canvas-modal-wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        onKeyDown={(event) => {
          // Keys typed here are the dialog's, not the canvas's (Delete in a name box deletes a letter).
          event.stopPropagation();
          if (event.key === 'Escape') onClose();
        }}
      >
        <h2>{title}</h2>
        {children}
      </div>
    </div>
  );
}
