/** The last error or confirmation, in plain words, until dismissed or replaced. */
import { studioStore, useStudio } from '../state/store.ts';

export function NoticeBar() {
  const notice = useStudio((state) => state.notice);
  if (notice === null) return null;
  return (
    <div className={`notice notice-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
      <span>{notice.text}</span>
      <button type="button" aria-label="Dismiss" onClick={() => studioStore().getState().notify(null)}>
        ×
      </button>
    </div>
  );
}
