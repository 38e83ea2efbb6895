/** Farms of a cooperative: the places where lots are harvested, with GLN, commune and WGS84 plot geometry. */
package vn.nguon.traceability.farm;
