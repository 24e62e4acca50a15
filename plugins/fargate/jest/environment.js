// Backstage's jsdom environment, with one repair: @acemir/cssom 0.9.32 (jsdom 27's CSS parser) assigns
// `parentRule` on cssstyle 5.3's CSSStyleDeclaration, which only has a getter, so parsing any
// stylesheet throws. Give the property the setter the parser expects (it stores what the getter reads).
const { CSSStyleDeclaration } = require('cssstyle');

const parentRule = Object.getOwnPropertyDescriptor(CSSStyleDeclaration.prototype, 'parentRule');
if (parentRule && parentRule.get && !parentRule.set) {
  Object.defineProperty(CSSStyleDeclaration.prototype, 'parentRule', {
    ...parentRule,
    set(rule) {
      this._parentRule = rule;
    },
  });
}

module.exports = require('@backstage/cli/config/jest-environment-jsdom');
