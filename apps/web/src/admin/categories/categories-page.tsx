import { useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { Category } from '@souk/contracts';
import { isApiError } from '../../api/api-error.js';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { categoryKeys } from '../../api/query-keys.js';
import { Button } from '../../ui/button.js';
import { Alert, EmptyState, useErrorMessage } from '../../ui/feedback.js';
import { TextAreaField, TextField } from '../../ui/field.js';
import { TrashIcon } from '../../ui/icons.js';
import { useToast } from '../../ui/toast.js';
import { useAdminI18n } from '../i18n/admin-i18n.js';
import { PencilIcon, PlusIcon } from '../ui/admin-icons.js';
import { InlineError, PageHeader, Panel, TableSkeleton, useAdminApi } from '../ui/admin-ui.js';
import { ConfirmDialog, Dialog } from '../ui/dialog.js';

type Editing = { mode: 'create' } | { mode: 'edit'; category: Category };

export function CategoriesPage() {
  const { t, tp } = useAdminI18n();
  const api = useAdminApi();
  const toast = useToast();
  const message = useErrorMessage();
  const queryClient = useQueryClient();
  const categories = useQuery({
    queryKey: categoryKeys.all,
    queryFn: ({ signal }) => api.categories.list(signal),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: categoryKeys.all });
  const [editing, setEditing] = useState<Editing>();
  const [deleting, setDeleting] = useState<Category>();
  const [deleteState, setDeleteState] = useState<{
    busy: boolean;
    error?: ReactNode;
    blocked?: boolean;
  }>({ busy: false });

  const confirmDelete = async () => {
    if (!deleting) return;
    setDeleteState({ busy: true });
    try {
      await api.categories.remove(deleting.id);
      toast({ tone: 'success', title: t('categories.deleted', { name: deleting.name }) });
      setDeleting(undefined);
      await refresh();
    } catch (error) {
      if (isApiError(error) && error.status === 409) {
        // The service says how many products remain; the list may be older than that.
        const count =
          typeof error.problem.productCount === 'number'
            ? error.problem.productCount
            : deleting.productCount;
        setDeleteState({
          busy: false,
          blocked: true,
          error: (
            <>
              <p>{tp('categories.stillHas', count, { name: deleting.name })}</p>
              <Link to={`/admin/products?category=${deleting.id}`}>
                {t('categories.seeProducts')}
              </Link>
            </>
          ),
        });
        void refresh();
        return;
      }
      setDeleteState({ busy: false, error: message(error) });
    }
  };

  return (
    <div className="adm-page">
      <PageHeader
        title={t('categories.title')}
        actions={
          <Button
            icon={<PlusIcon size={18} />}
            onClick={() => setEditing({ mode: 'create' })}
            data-testid="new-category"
          >
            {t('categories.new')}
          </Button>
        }
      />
      <Panel>
        {categories.status === 'error' && !categories.data ? (
          <InlineError
            message={t('categories.loadError')}
            error={categories.error}
            onRetry={() => void categories.refetch()}
          />
        ) : !categories.data ? (
          <TableSkeleton columns={3} />
        ) : categories.data.length === 0 ? (
          <EmptyState
            title={t('categories.empty')}
            text={t('categories.emptyText')}
            action={
              <Button onClick={() => setEditing({ mode: 'create' })}>{t('categories.new')}</Button>
            }
          />
        ) : (
          <div className="adm-table-wrap">
            <table className="adm-table" data-testid="categories-table">
              <caption className="visually-hidden">{t('categories.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('categories.col.name')}</th>
                  <th scope="col">{t('categories.col.description')}</th>
                  <th scope="col" className="num">
                    {t('categories.col.products')}
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {categories.data.map((category) => (
                  <tr key={category.id} data-category-id={category.id}>
                    <th scope="row" className="adm-table__primary">
                      {category.name}
                    </th>
                    <td data-label={t('categories.col.description')} className="adm-table__muted">
                      {category.description || t('common.none')}
                    </td>
                    <td data-label={t('categories.col.products')} className="num">
                      <Link to={`/admin/products?category=${category.id}`}>
                        {tp('categories.productCount', category.productCount)}
                      </Link>
                    </td>
                    <td className="adm-table__actions">
                      <button
                        type="button"
                        className="adm-icon-btn"
                        onClick={() => setEditing({ mode: 'edit', category })}
                        aria-label={`${t('common.edit')} ${category.name}`}
                        title={t('common.edit')}
                      >
                        <PencilIcon size={18} />
                      </button>
                      <button
                        type="button"
                        className="adm-icon-btn adm-icon-btn--danger"
                        onClick={() => (setDeleting(category), setDeleteState({ busy: false }))}
                        aria-label={`${t('common.delete')} ${category.name}`}
                        title={t('common.delete')}
                      >
                        <TrashIcon size={18} />
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Panel>

      {editing ? (
        <CategoryDialog
          editing={editing}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            void refresh();
          }}
        />
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title={t('categories.deleteTitle', { name: deleting.name })}
          confirmLabel={t('common.delete')}
          busy={deleteState.busy}
          confirmDisabled={deleteState.blocked}
          error={deleteState.error}
          onConfirm={() => void confirmDelete()}
          onClose={() => setDeleting(undefined)}
        >
          <p>{t('categories.deleteText')}</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

function CategoryDialog({
  editing,
  onClose,
  onSaved,
}: {
  editing: Editing;
  onClose(): void;
  onSaved(category: Category): void;
}) {
  const { t } = useAdminI18n();
  const api = useAdminApi();
  const toast = useToast();
  const message = useErrorMessage();
  const current = editing.mode === 'edit' ? editing.category : undefined;
  const [name, setName] = useState(current?.name ?? '');
  const [description, setDescription] = useState(current?.description ?? '');
  const [errors, setErrors] = useState<{ name?: string; description?: string }>({});
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    const next: typeof errors = {};
    if (!trimmed || trimmed.length > 80) next.name = t('categories.error.name');
    if (description.length > 1000) next.description = t('categories.error.description');
    setErrors(next);
    setFormError(undefined);
    if (next.name || next.description) return;
    setBusy(true);
    try {
      const body = { name: trimmed, description: description.trim() };
      const saved = current
        ? await api.categories.update(current.id, body)
        : await api.categories.create(body);
      toast({
        tone: 'success',
        title: t(current ? 'categories.saved' : 'categories.created', { name: saved.name }),
      });
      onSaved(saved);
    } catch (error) {
      if (isApiError(error) && error.status === 409) setErrors({ name: t('categories.nameTaken') });
      else setFormError(message(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={
        current ? t('categories.editTitle', { name: current.name }) : t('categories.createTitle')
      }
      onClose={onClose}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" form="category-form" loading={busy} data-testid="save-category">
            {t('common.save')}
          </Button>
        </>
      }
    >
      <form id="category-form" className="stack" onSubmit={submit} noValidate>
        {formError ? <Alert tone="danger">{formError}</Alert> : null}
        <TextField
          label={t('categories.name')}
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={errors.name}
          maxLength={80}
          required
          data-autofocus
          name="name"
        />
        <TextAreaField
          className="adm-textarea"
          label={t('categories.description')}
          value={description}
          onChange={(event) => setDescription(event.target.value)}
          error={errors.description}
          maxLength={1000}
          rows={3}
          optional={t('common.optional')}
          name="description"
        />
      </form>
    </Dialog>
  );
}
