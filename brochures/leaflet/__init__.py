"""leaflet"""
