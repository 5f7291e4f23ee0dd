#!/usr/bin/env node
import './shims.js';
