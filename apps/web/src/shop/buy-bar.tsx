import { useI18n } from '../i18n/i18n.js';
import { Button } from '../ui/button.js';
import { CartIcon } from '../ui/icons.js';

interface BuyBarProps {
  name: string;
  price: string;
  isSoldOut: boolean;
  canAdd: boolean;
  isAdding: boolean;
  onAdd: () => void;
}

/**
 * The product page's price and add-to-cart action kept at the bottom of the screen on phones and
 * tablets, where the buy box sits under the fold. Sticky rather than fixed: at the end of the page
 * it takes its own place above the footer, so it covers nothing there. Hidden from 860 px (CSS).
 */
export function BuyBar({ name, price, isSoldOut, canAdd, isAdding, onAdd }: BuyBarProps) {
  const { t } = useI18n();
  return (
    <div className="buy-bar" data-testid="buy-bar">
      <div className="container buy-bar__inner">
        <div className="buy-bar__text">
          <p className="buy-bar__name">{name}</p>
          <p className="buy-bar__price price">{price}</p>
        </div>
        {isSoldOut ? (
          <Button disabled>{t('product.soldOut')}</Button>
        ) : (
          <Button
            icon={<CartIcon />}
            loading={isAdding}
            disabled={!canAdd}
            onClick={onAdd}
            data-testid="buy-bar-add"
          >
            {t('product.addToCart')}
          </Button>
        )}
      </div>
    </div>
  );
}
