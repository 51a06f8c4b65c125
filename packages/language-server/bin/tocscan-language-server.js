#!/usr/bin/env node
import { startServer } from '../dist/server.js';

startServer(process.argv.slice(2));
