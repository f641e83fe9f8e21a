import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { Category, Product } from '@souk/contracts';
import { isApiError } from '../../api/api-error.js';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { categoryKeys, productKeys } from '../../api/query-keys.js';
import { Button, ButtonLink } from '../../ui/button.js';
import { Alert, ErrorState, Skeleton, useErrorMessage } from '../../ui/feedback.js';
import { SelectField, TextAreaField, TextField } from '../../ui/field.js';
import { TrashIcon } from '../../ui/icons.js';
import { useToast } from '../../ui/toast.js';
import { useAdminI18n } from '../i18n/admin-i18n.js';
import { ArrowLeftIcon, ExternalIcon } from '../ui/admin-icons.js';
import { PageHeader, Panel, useAdminApi } from '../ui/admin-ui.js';
import { ConfirmDialog } from '../ui/dialog.js';
import { ImagePicker, useUploadErrorMessage } from './image-picker.js';
import { formatPriceInput } from './price.js';
import {
  productChanges,
  validateProductForm,
  type ProductFormErrors,
  type ProductFormValues,
} from './product-rules.js';

/** The shop's currency (contracts' DEFAULT_CURRENCY; a value import would bring TypeBox into the bundle). */
const DEFAULT_CURRENCY = 'MAD';

/** `/admin/products/new` and `/admin/products/:id`: the same form, the second with its product. */
export function ProductEditorPage() {
  const { id } = useParams();
  const { t } = useAdminI18n();
  const api = useAdminApi();
  const queryClient = useQueryClient();
  const product = useQuery({
    queryKey: productKeys.detail(id ?? ''),
    queryFn: ({ signal }) => api.products.get(id!, signal),
    enabled: id !== undefined,
  });
  const categories = useQuery({
    queryKey: categoryKeys.all,
    queryFn: ({ signal }) => api.categories.list(signal),
  });

  const back = (
    <Link to="/admin/products" className="adm-back">
      <ArrowLeftIcon size={16} /> {t('nav.products')}
    </Link>
  );
  if (id && product.status === 'error' && !product.data) {
    const missing = isApiError(product.error) && product.error.status === 404;
    return (
      <div className="adm-page">
        <PageHeader title={t('product.editTitle')} eyebrow={back} />
        <ErrorState
          title={missing ? t('common.notFound') : t('product.loadError')}
          error={missing ? undefined : product.error}
          onRetry={missing ? undefined : () => void product.refetch()}
        />
      </div>
    );
  }
  if ((id && !product.data) || (!categories.data && categories.status !== 'error')) {
    return (
      <div className="adm-page">
        <PageHeader title={id ? t('product.editTitle') : t('product.newTitle')} eyebrow={back} />
        <div className="adm-editor">
          <Panel>
            <div className="stack" aria-busy="true">
              {[0, 1, 2, 3].map((index) => (
                <Skeleton key={index} height="2.6rem" />
              ))}
            </div>
          </Panel>
        </div>
      </div>
    );
  }
  return (
    <ProductEditor
      key={product.data?.id ?? 'new'}
      product={id ? product.data : undefined}
      categories={categories.data ?? []}
      categoriesError={categories.status === 'error' ? categories.error : undefined}
      onReloadCategories={() => void categories.refetch()}
      onSaved={(saved) => {
        queryClient.setQueryData(productKeys.detail(saved.id), saved);
        void queryClient.invalidateQueries({ queryKey: productKeys.lists() });
        void queryClient.invalidateQueries({ queryKey: productKeys.lowStock() });
        void queryClient.invalidateQueries({ queryKey: categoryKeys.all });
      }}
      back={back}
    />
  );
}

interface EditorProps {
  product: Product | undefined;
  categories: Category[];
  categoriesError: unknown;
  onReloadCategories(): void;
  onSaved(product: Product): void;
  back: ReactNode;
}

function ProductEditor({
  product,
  categories,
  categoriesError,
  onReloadCategories,
  onSaved,
  back,
}: EditorProps) {
  const { t, locale } = useAdminI18n();
  const api = useAdminApi();
  const toast = useToast();
  const navigate = useNavigate();
  const message = useErrorMessage();
  const uploadMessage = useUploadErrorMessage();
  const currency = product?.currency ?? DEFAULT_CURRENCY;
  const [values, setValues] = useState<ProductFormValues>(() => ({
    name: product?.name ?? '',
    description: product?.description ?? '',
    price: product ? formatPriceInput(product.price, product.currency, locale) : '',
    stock: product ? String(product.stock) : '0',
    categoryId: product?.categoryId ?? '',
  }));
  const [errors, setErrors] = useState<ProductFormErrors>({});
  const [formError, setFormError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const [file, setFile] = useState<File>();
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string>();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleteState, setDeleteState] = useState<{ busy: boolean; error?: string }>({
    busy: false,
  });

  const set = (field: keyof ProductFormValues) => (event: { target: { value: string } }) => {
    setValues((current) => ({ ...current, [field]: event.target.value }));
    if (errors[field]) setErrors((current) => ({ ...current, [field]: undefined }));
  };
  const errorOf = (field: keyof ProductFormValues) =>
    errors[field] ? t(errors[field]) : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(undefined);
    const checked = validateProductForm(values, currency);
    setErrors(checked.errors);
    if (!checked.body) {
      setFormError(t('product.fixErrors'));
      return;
    }
    setSaving(true);
    try {
      if (!product) {
        const created = await api.products.create({ ...checked.body, currency }, file);
        toast({ tone: 'success', title: t('product.created', { name: created.name }) });
        void navigate(`/admin/products/${created.id}`, { replace: true });
        return;
      }
      const changes = productChanges(product, checked.body);
      if (changes) onSaved(await api.products.update(product.id, changes));
      toast({ tone: 'success', title: t('common.saved') });
    } catch (error) {
      // A refused image (415 not an image, 413 too large) means nothing was created: the form
      // keeps what was typed and both the form and the image field say why.
      if (isApiError(error) && (error.status === 413 || error.status === 415)) {
        const reason = uploadMessage(error);
        setUploadError(reason);
        setFormError(t('image.error.notCreated', { reason }));
        return;
      }
      // The service answers 400 when the category was deleted meanwhile.
      if (isApiError(error) && error.status === 400 && /categor/i.test(error.detail)) {
        setErrors((current) => ({ ...current, categoryId: 'product.error.categoryGone' }));
        onReloadCategories();
      }
      setFormError(message(error));
    } finally {
      setSaving(false);
    }
  };

  const upload = async (chosen: File) => {
    if (!product) return;
    setUploading(true);
    setUploadError(undefined);
    try {
      onSaved(await api.products.uploadImage(product.id, chosen));
      setFile(undefined);
      toast({ tone: 'success', title: t('image.uploaded') });
    } catch (error) {
      setUploadError(uploadMessage(error));
    } finally {
      setUploading(false);
    }
  };

  const remove = async () => {
    if (!product) return;
    setDeleteState({ busy: true });
    try {
      await api.products.remove(product.id);
      toast({ tone: 'success', title: t('products.deleted', { name: product.name }) });
      void navigate('/admin/products', { replace: true });
    } catch (error) {
      setDeleteState({ busy: false, error: message(error) });
    }
  };

  return (
    <div className="adm-page">
      <PageHeader
        title={product ? product.name : t('product.newTitle')}
        eyebrow={back}
        actions={
          product ? (
            <>
              <ButtonLink variant="secondary" size="sm" to={`/products/${product.id}`}>
                <ExternalIcon size={16} />
                {t('product.viewInShop')}
              </ButtonLink>
              <Button
                variant="danger"
                size="sm"
                icon={<TrashIcon size={16} />}
                onClick={() => (setConfirmDelete(true), setDeleteState({ busy: false }))}
              >
                {t('common.delete')}
              </Button>
            </>
          ) : undefined
        }
      />
      <div className="adm-editor">
        <Panel title={t('product.details')} id="product-details">
          <form
            className="stack"
            onSubmit={submit}
            noValidate
            aria-describedby={formError ? 'product-form-error' : undefined}
          >
            {formError ? (
              <div id="product-form-error">
                <Alert tone="danger">{formError}</Alert>
              </div>
            ) : null}
            <TextField
              label={t('product.name')}
              value={values.name}
              onChange={set('name')}
              error={errorOf('name')}
              maxLength={200}
              required
              name="name"
            />
            <TextAreaField
              className="adm-textarea"
              label={t('product.description')}
              value={values.description}
              onChange={set('description')}
              error={errorOf('description')}
              rows={5}
              maxLength={4000}
              optional={t('common.optional')}
              name="description"
            />
            <div className="form-grid form-grid--2">
              <TextField
                label={t('product.price', { currency })}
                value={values.price}
                onChange={set('price')}
                error={errorOf('price')}
                hint={t('product.priceHint', { currency })}
                inputMode="decimal"
                required
                name="price"
              />
              <TextField
                label={t('product.stock')}
                value={values.stock}
                onChange={set('stock')}
                error={errorOf('stock')}
                hint={t('product.stockHint')}
                type="number"
                inputMode="numeric"
                min={0}
                max={1_000_000}
                step={1}
                required
                name="stock"
              />
            </div>
            {categoriesError !== undefined ? (
              <Alert tone="danger" title={t('common.loadError')}>
                <Button size="sm" variant="secondary" onClick={onReloadCategories}>
                  {t('common.retry')}
                </Button>
              </Alert>
            ) : (
              <SelectField
                label={t('product.category')}
                value={values.categoryId}
                onChange={set('categoryId')}
                error={errorOf('categoryId')}
                hint={categories.length === 0 ? t('product.noCategory') : undefined}
                required
                name="categoryId"
              >
                <option value="">{t('product.chooseCategory')}</option>
                {categories.map((category) => (
                  <option key={category.id} value={category.id}>
                    {category.name}
                  </option>
                ))}
              </SelectField>
            )}
            <div className="form-actions">
              <Button type="submit" loading={saving} data-testid="save-product">
                {product ? t('common.save') : t('product.create')}
              </Button>
              <ButtonLink variant="ghost" to="/admin/products">
                {t('common.cancel')}
              </ButtonLink>
            </div>
          </form>
        </Panel>
        <Panel title={t('image.title')} id="product-image">
          <ImagePicker
            currentUrl={product?.imageUrl ?? null}
            file={file}
            onChange={(chosen) => (setFile(chosen), setUploadError(undefined))}
            onUpload={product ? upload : undefined}
            uploading={uploading}
            serverError={uploadError}
          />
        </Panel>
      </div>
      {confirmDelete && product ? (
        <ConfirmDialog
          title={t('products.deleteTitle', { name: product.name })}
          confirmLabel={t('common.delete')}
          busy={deleteState.busy}
          error={deleteState.error}
          onConfirm={() => void remove()}
          onClose={() => setConfirmDelete(false)}
        >
          <p>{t('products.deleteText')}</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
