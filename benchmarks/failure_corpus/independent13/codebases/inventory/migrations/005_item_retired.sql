ALTER TYPE item_state ADD VALUE 'retired';
