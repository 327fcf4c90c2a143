import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import type { useNotice } from '../../components/StatusMessage.tsx';

type Notice = Pick<ReturnType<typeof useNotice>, 'show'>;

export interface RemovableFile {
  id: string;
  filename: string;
}

/**
 * Staff remove a bottleneck's file (the API lets staff only: `viewer.canModerate`), from the
 * moderation queue or the bottleneck's own page alike: `remove` deletes it, then `onRemoved`
 * reloads what the page shows and `notice` says which file went; `error` is why it did not.
 */
export function useFileRemoval(bottleneckId: string, notice: Notice, onRemoved: () => Promise<void> | void) {
  const [error, setError] = useState<unknown>(null);
  async function remove(file: RemovableFile) {
    setError(null);
    try {
      await api.delete('/api/bottlenecks/{id}/attachments/{attachmentId}', { path: { id: bottleneckId, attachmentId: file.id } });
      await onRemoved();
      notice.show('bottlenecks:moderation.notice.fileRemoved', { filename: file.filename });
    } catch (caught) {
      setError(caught);
    }
  }
  return { error, remove };
}

/** The button that removes one file, after asking (it cannot be undone); named for the file. */
export function RemoveFileButton({ file, onRemove }: { file: RemovableFile; onRemove: (file: RemovableFile) => void }) {
  const { t } = useTranslation();
  return (
    <ConfirmButton
      aria-label={t('bottlenecks:moderation.removeFile.label', { filename: file.filename })}
      question={t('bottlenecks:moderation.removeFile.question', { filename: file.filename })}
      consequence={t('bottlenecks:moderation.removeFile.consequence')}
      confirmLabel={t('bottlenecks:moderation.removeFile.action', { filename: file.filename })}
      onConfirm={() => onRemove(file)}
    >
      {t('bottlenecks:moderation.removeFile.button')}
    </ConfirmButton>
  );
}
