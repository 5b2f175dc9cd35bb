import { DateTimeResolver, JSONObjectResolver } from 'graphql-scalars';

export const DateTime = DateTimeResolver;
export const JSONObject = JSONObjectResolver;
