import { useEffect, useId, useRef, useState } from 'react';
import { isApiError } from '../../api/api-error.js';
import { Button } from '../../ui/button.js';
import { useErrorMessage } from '../../ui/feedback.js';
import { useAdminI18n } from '../i18n/admin-i18n.js';
import { ImageIcon } from '../ui/admin-icons.js';
import { checkImageFile, formatBytes, IMAGE_TYPES } from './product-rules.js';

/** The message for a failed upload: the service's 415 and 413 in the admin's words. */
export function useUploadErrorMessage(): (error: unknown) => string {
  const { t } = useAdminI18n();
  const message = useErrorMessage();
  return (error) => {
    if (isApiError(error) && error.status === 415) return t('image.error.server415');
    if (isApiError(error) && error.status === 413) return t('image.error.server413');
    return message(error);
  };
}

export interface ImagePickerProps {
  currentUrl: string | null;
  /** Called with the chosen file once it passed the checks (undefined when it is dropped). */
  onChange(file: File | undefined): void;
  file: File | undefined;
  /** With an upload, the panel shows an "Upload" button (edit); without, the file waits (create). */
  onUpload?(file: File): Promise<void>;
  uploading?: boolean;
  /** An error from the server, shown under the field. */
  serverError?: string;
}

/**
 * Chooses a product image: type and size are checked at once in the browser (JPEG, PNG, WebP,
 * GIF up to 5 MB, as the product service accepts), with a preview of the chosen file.
 */
export function ImagePicker({
  currentUrl,
  file,
  onChange,
  onUpload,
  uploading,
  serverError,
}: ImagePickerProps) {
  const { t, locale } = useAdminI18n();
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [preview, setPreview] = useState<string>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (!file || typeof URL.createObjectURL !== 'function') {
      setPreview(undefined);
      return;
    }
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);

  const choose = (chosen: File | undefined) => {
    if (!chosen) return;
    const problem = checkImageFile(chosen);
    if (problem === 'type') setError(t('image.error.type', { name: chosen.name }));
    else if (problem === 'size')
      setError(
        t('image.error.size', { name: chosen.name, size: formatBytes(chosen.size, locale) }),
      );
    else setError(undefined);
    onChange(problem ? undefined : chosen);
    if (inputRef.current) inputRef.current.value = '';
  };
  const shown = preview ?? currentUrl ?? undefined;
  const shownError = error ?? serverError;

  return (
    <div className="adm-image">
      <figure className="adm-image__frame">
        {shown ? (
          <img
            src={shown}
            alt={preview ? t('image.preview') : t('image.current')}
            className="adm-image__img"
            data-testid="image-preview"
          />
        ) : (
          <div className="adm-image__empty">
            <ImageIcon size={36} />
            <span>{t('image.none')}</span>
          </div>
        )}
        {preview && file ? (
          <figcaption className="adm-image__caption">
            {file.name} · {formatBytes(file.size, locale)}
          </figcaption>
        ) : null}
      </figure>
      <div className={`field ${shownError ? 'field--invalid' : ''}`}>
        <input
          ref={inputRef}
          id={inputId}
          type="file"
          accept={IMAGE_TYPES.join(',')}
          className="adm-image__input"
          onChange={(event) => choose(event.target.files?.[0])}
          aria-describedby={`${inputId}-help`}
          aria-invalid={shownError ? true : undefined}
          data-testid="image-input"
        />
        <label htmlFor={inputId} className="btn btn--secondary btn--sm adm-image__choose">
          <ImageIcon size={16} />
          <span>{currentUrl || file ? t('image.replace') : t('image.choose')}</span>
        </label>
        <p className="field__hint" id={`${inputId}-help`}>
          {t('image.hint')} {!onUpload && file ? t('image.afterCreate') : null}
        </p>
        {shownError ? (
          <p className="field__error" role="alert">
            {shownError}
          </p>
        ) : null}
      </div>
      {file ? (
        <div className="form-actions">
          {onUpload ? (
            <Button size="sm" loading={uploading} onClick={() => void onUpload(file)}>
              {t('image.upload')}
            </Button>
          ) : null}
          <Button
            size="sm"
            variant="ghost"
            onClick={() => onChange(undefined)}
            disabled={uploading}
          >
            {t('image.remove')}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
