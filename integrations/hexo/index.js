'use strict';
// hexo-clean-article: Hexo loads this file with `hexo` in scope (hexo/dist/hexo/index.js loadPlugin).
const { register } = require('./lib/register.js');

// @ts-ignore -- `hexo` is the argument Hexo passes to every plugin script.
register(hexo);
