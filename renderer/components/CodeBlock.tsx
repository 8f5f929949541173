import { CopyButton } from './CopyButton';

/** Preformatted text with a copy button; the text is focusable so keyboard users can scroll and select it. */
export function CodeBlock({
  code,
  label,
  copyLabel,
  wrap = false,
}: {
  code: string;
  label: string;
  copyLabel: string;
  wrap?: boolean;
}): React.JSX.Element {
  return (
    <div className="code-block">
      <div className="code-block__bar">
        <span className="code-block__label">{label}</span>
        <CopyButton text={code} label={copyLabel} />
      </div>
      <pre className={`code-block__code${wrap ? ' code-block__code--wrap' : ''}`} tabIndex={0} aria-label={label}>
        <code>{code}</code>
      </pre>
    </div>
  );
}
