/**
 * A modal built on <dialog>: the browser makes the rest of the page inert, traps focus and closes
 * on Escape (the 'cancel' event, routed through onClose so the store stays the source of truth).
 */
import { type ReactNode, useEffect, useId, useRef } from 'react';
import { CloseIcon } from './icons';

interface DialogProps {
  open: boolean;
  title: string;
  description?: ReactNode;
  onClose: () => void;
  /** False while something must not be interrupted (e.g. a write in progress). */
  closable?: boolean;
  footer?: ReactNode;
  children: ReactNode;
}

export function Dialog({
  open,
  title,
  description,
  onClose,
  closable = true,
  footer,
  children,
}: DialogProps): React.JSX.Element {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      aria-describedby={description === undefined ? undefined : descriptionId}
      onCancel={(event) => {
        event.preventDefault();
        if (closable) onClose();
      }}
    >
      {open && (
        <div className="dialog__frame">
          <header className="dialog__header">
            <div>
              <h2 id={titleId} className="dialog__title">
                {title}
              </h2>
              {description !== undefined && (
                <p id={descriptionId} className="dialog__description">
                  {description}
                </p>
              )}
            </div>
            <button type="button" className="icon-button" aria-label="Close" disabled={!closable} onClick={onClose}>
              <CloseIcon />
            </button>
          </header>
          <div className="dialog__body">{children}</div>
          {footer !== undefined && <footer className="dialog__footer">{footer}</footer>}
        </div>
      )}
    </dialog>
  );
}
