Feature: Shopping Cart Checkout
  As a customer
  I want to complete a purchase
  So that I can receive my order

  # Each scenario signs up a customer of its own whose email starts with the name given
  # ("testuser…@example.com"), in a headless Chromium on the shop's web frontend.

  @smoke @critical
  Scenario: Successful checkout with valid payment
    Given I am logged in as "testuser@example.com"
    And I have items in my cart
    When I proceed to checkout
    And I enter valid payment details
    And I confirm the order
    Then I should see order confirmation
    And the payment should be recorded for my account

  @regression
  Scenario: Checkout with invalid credit card
    Given I am logged in as "testuser@example.com"
    And I have items in my cart
    When I proceed to checkout
    And I enter invalid credit card "1234-5678-9012-3456"
    And I confirm the order
    Then I should see error message "Invalid card number: Luhn check failed"
    And my cart should still contain items

  @regression
  Scenario: Checkout with a declined card
    Given I am logged in as "testuser@example.com"
    And I have items in my cart
    When I proceed to checkout
    And I enter invalid credit card "4000 0000 0000 9995"
    And I confirm the order
    Then I should see error message "Card declined (insufficient_funds)"
    And my cart should still contain items

  @regression @edge-case
  Scenario Outline: Checkout with different payment methods
    Given I am logged in as "testuser@example.com"
    And I have items in my cart
    When I proceed to checkout
    And I select payment method "<payment_method>"
    And I enter payment details
    And I confirm the order
    Then I should see order confirmation
    And the confirmation should show a <brand> card

    Examples:
      | payment_method   | brand      |
      | Visa             | visa       |
      | Mastercard       | mastercard |
      | American Express | amex       |
