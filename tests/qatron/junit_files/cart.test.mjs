// The source of node.xml: node --test --test-reporter=junit --test-reporter-destination=node.xml
import { describe, it, test } from 'node:test';
import assert from 'node:assert/strict';

describe('Cart', () => {
  it('adds an item', () => { assert.equal(1 + 1, 2); });
  it('removes an item', () => { assert.equal([1, 2].length, 1, 'one item left'); });
  it('pending', { skip: 'not yet' }, () => {});
  describe('totals', () => {
    it('sums <prices> & VAT', () => { console.log('computing'); });
  });
});

describe('Checkout', () => {
  describe('totals', () => {
    it('sums <prices> & VAT', () => {});
  });
});

test('throws', () => { throw new TypeError('cart is undefined'); });
test('todo thing', { todo: true }, () => {});
