import { useNotices } from '../stores/notices-store';
import { Callout } from './Callout';
import { CloseIcon } from './icons';

/** Toast-like messages in a corner; a polite live region so they are read without stealing focus. */
export function NoticeList(): React.JSX.Element {
  const notices = useNotices((store) => store.notices);
  const dismiss = useNotices((store) => store.dismiss);
  return (
    <section className="notices" aria-live="polite" aria-label="Notifications">
      {notices.map((notice) => (
        <div key={notice.id} className="notices__item">
          <Callout tone={notice.tone} title={notice.title}>
            {notice.detail !== null && <p className="error-message">{notice.detail}</p>}
          </Callout>
          <button
            type="button"
            className="icon-button notices__close"
            aria-label={`Dismiss: ${notice.title}`}
            onClick={() => dismiss(notice.id)}
          >
            <CloseIcon />
          </button>
        </div>
      ))}
    </section>
  );
}
